import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** Where the integration tests find their servers. */
export type TestRoute = 'endpoints' | 'containers' | 'local-stack';

export interface RouteChoice {
  route: TestRoute;
  why: string;
}

/**
 * The selection order (README, "Running the tests"): endpoints configured → those; else a reachable Docker
 * engine → testcontainers; else the local stack from Maven Central. TEST_ROUTE forces one of the last two.
 */
export function chooseTestRoute(env: Record<string, string | undefined>, dockerReachable: boolean): RouteChoice {
  const brokers = env.KAFKA_BROKERS?.trim();
  const search = env.SEARCH_URL?.trim();
  if (brokers && search) return { route: 'endpoints', why: 'KAFKA_BROKERS and SEARCH_URL are set' };
  if (brokers || search) throw new Error(`set both KAFKA_BROKERS and SEARCH_URL, or neither (only ${brokers ? 'KAFKA_BROKERS' : 'SEARCH_URL'} is set)`);
  const forced = env.TEST_ROUTE?.trim();
  if (forced && forced !== 'containers' && forced !== 'local-stack') throw new Error(`TEST_ROUTE must be containers or local-stack, not '${forced}'`);
  if (forced === 'containers' && !dockerReachable) throw new Error('TEST_ROUTE=containers, but no Docker engine answers (DOCKER_HOST or /var/run/docker.sock)');
  if (forced) return { route: forced as TestRoute, why: 'TEST_ROUTE says so' };
  if (dockerReachable) return { route: 'containers', why: 'a Docker engine answers' };
  return { route: 'local-stack', why: 'no endpoints and no Docker engine' };
}

/** The engine's unix socket: DOCKER_HOST when it names one, else the default. TCP engines are not probed. */
export function dockerSocket(env: Record<string, string | undefined>): string | undefined {
  const host = env.DOCKER_HOST?.trim();
  if (host) return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
  return '/var/run/docker.sock';
}

/** True when a Docker engine answers its ping within a second. */
export function dockerReachable(env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const socketPath = dockerSocket(env);
  if (!socketPath || !existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

if (require.main === module) {
  void dockerReachable()
    .then((docker) => {
      const choice = chooseTestRoute(process.env, docker);
      process.stderr.write(`test route: ${choice.route} (${choice.why})\n`);
      process.stdout.write(`${choice.route}\n`);
    })
    .catch((err: Error) => {
      process.stderr.write(`test route: ${err.message}\n`);
      process.exit(2);
    });
}
