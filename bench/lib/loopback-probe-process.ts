/**
 * How much CPU one loopback HTTP round trip costs this machine, back to back and paced, in a process of its
 * own. On the 2-vCPU VM the bench was written on, a paced request cost about four times the CPU of one sent
 * back to back (each wake-up finds cold caches), which is what the service's searches at 50/s pay too: the
 * figure tells a reader how far a run's latency figures are the machine's rather than the service's.
 */
import { createServer, get, Agent } from 'node:http';
import { AddressInfo } from 'node:net';

export interface LoopbackProbe {
  /** CPU µs per round trip (client and server, one process) */
  backToBackMicros: number;
  pacedMicros: number;
  pacedPerSecond: number;
}

const BODY = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, text: 'x'.repeat(600) })) });

async function cpuPerRoundTrip(port: number, agent: Agent, requests: number, perSecond?: number): Promise<number> {
  const once = () => new Promise<void>((resolve, reject) => get({ port, agent, path: '/' }, (res) => res.resume().on('end', resolve)).on('error', reject));
  const before = process.cpuUsage();
  for (let n = 0; n < requests; n++) {
    await once();
    if (perSecond) await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / requests);
}

async function main(): Promise<void> {
  const { pacedPerSecond, seconds } = JSON.parse(process.argv[2]) as { pacedPerSecond: number; seconds: number };
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(BODY));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true });
  await cpuPerRoundTrip(port, agent, 500);
  const probe: LoopbackProbe = {
    backToBackMicros: await cpuPerRoundTrip(port, agent, 3000),
    pacedMicros: await cpuPerRoundTrip(port, agent, pacedPerSecond * seconds, pacedPerSecond),
    pacedPerSecond,
  };
  process.stdout.write(JSON.stringify(probe));
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
