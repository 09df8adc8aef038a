import { spawn } from 'node:child_process';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';

/**
 * `with-containers <command…>`: Kafka (KRaft) and Elasticsearch or OpenSearch as containers started by
 * testcontainers, the command run against them, and the containers removed however it ends.
 *
 * Containers use the host's network and listen on 127.0.0.1 only: nothing is published or reachable from
 * outside, and an engine run without a bridge (local-stack/docker) works the same. The images are settings:
 * the official ones by default, this machine's locally built ones through the TEST_*_IMAGE variables, which
 * honour the same environment contract (KAFKA_* properties; engine settings named with dots).
 */
const env = process.env;
const engine = env.TEST_SEARCH_ENGINE === 'elasticsearch' ? 'elasticsearch' : 'opensearch';
const ports = {
  kafka: Number(env.TEST_CONTAINER_KAFKA_PORT ?? 19092),
  controller: Number(env.TEST_CONTAINER_KAFKA_CONTROLLER_PORT ?? 19093),
  http: Number(env.TEST_CONTAINER_SEARCH_PORT ?? 19200),
  transport: Number(env.TEST_CONTAINER_SEARCH_TRANSPORT_PORT ?? 19300),
};
export const DEFAULT_IMAGES = {
  kafka: 'apache/kafka:4.1.1',
  opensearch: 'opensearchproject/opensearch:3',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.4',
};

const kafka = () =>
  new GenericContainer(env.TEST_KAFKA_IMAGE ?? DEFAULT_IMAGES.kafka)
    .withNetworkMode('host')
    .withEnvironment({
      CLUSTER_ID: 'c2VhcmNoLWluZGV4ZXItdGVzdA',
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.controller}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${ports.kafka}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@127.0.0.1:${ports.controller}`,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '6',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '6',
      KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000);

const searchEngine = () => {
  const common: Record<string, string> = { 'network.host': '127.0.0.1', 'http.port': String(ports.http), 'transport.port': String(ports.transport), 'discovery.type': 'single-node', 'cluster.routing.allocation.disk.threshold_enabled': 'false', 'action.auto_create_index': 'false' };
  const specific: Record<string, string> =
    engine === 'elasticsearch'
      ? { 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms1g -Xmx1g' }
      : { DISABLE_SECURITY_PLUGIN: 'true', DISABLE_INSTALL_DEMO_CONFIG: 'true', OPENSEARCH_JAVA_OPTS: '-Xms1g -Xmx1g' };
  const image = engine === 'elasticsearch' ? (env.TEST_ELASTICSEARCH_IMAGE ?? DEFAULT_IMAGES.elasticsearch) : (env.TEST_OPENSEARCH_IMAGE ?? DEFAULT_IMAGES.opensearch);
  return new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({ ...common, ...specific })
    .withWaitStrategy(Wait.forLogMessage(/started|ready on http/i))
    .withStartupTimeout(240_000);
};

async function engineAnswers(): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${ports.http}/_cluster/health?wait_for_status=yellow&timeout=1s`);
    return res.ok;
  } catch {
    return false;
  }
}

async function main(command: string[]): Promise<number> {
  if (command.length === 0) throw new Error('usage: with-containers <command…>');
  const started: StartedTestContainer[] = [];
  const stopAll = () => Promise.all(started.splice(0).map((c) => c.stop({ remove: true, removeVolumes: true }).catch(() => undefined)));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    process.stderr.write(`[containers] starting kafka and ${engine} (host network, 127.0.0.1 only)\n`);
    // Each one is recorded as soon as it runs, so a failure of the other still removes it.
    await Promise.all([kafka(), searchEngine()].map((c) => c.start().then((s) => started.push(s))));
    for (let i = 0; i < 120 && !(await engineAnswers()); i++) await new Promise((r) => setTimeout(r, 1000));
    process.stderr.write(`[containers] up: KAFKA_BROKERS=127.0.0.1:${ports.kafka} SEARCH_URL=http://127.0.0.1:${ports.http}\n`);
    const child = spawn(command[0], command.slice(1), {
      stdio: 'inherit',
      env: { ...env, KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`, SEARCH_URL: `http://127.0.0.1:${ports.http}`, SEARCH_ENGINE: engine, LOCAL_STACK_MANAGED: '0' },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await stopAll();
    process.stderr.write('[containers] removed\n');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`[containers] ${err.message}\n`);
      process.exit(1);
    },
  );
}
