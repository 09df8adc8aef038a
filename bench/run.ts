/**
 * `npm run bench`: throughput and latency figures on the local stack (or the configured endpoints).
 * Prints a table and writes bench/results/<timestamp>.json. Ratios compare runs made in this same process.
 *
 *   BENCH_PRODUCTS (default 100000)  products in the backlog; also the index size for the search load
 *   BENCH_NAIVE_EVENTS (default 10000) events given to the one-request-per-event baseline
 *   BENCH_SEARCH_SECONDS (default 15)  duration of the steady search load
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig, AppConfig } from '../src/config/app-config';
import { startApp } from '../src/bootstrap';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { SearchEngine } from '../src/search-engine/search-engine.port';
import { ProductProjection } from '../src/projections/product.projection';
import { Projection } from '../src/projections/projection';
import { readAlias } from '../src/indices/index-names';
import { loadIndexDefinition } from '../src/indices/index-definitions';
import { decodeMessage } from '../src/events/decode-message';
import { CheckpointStore } from '../src/projector/checkpoint-store';
import { BatchProjector } from '../src/projector/batch-projector';
import { DeadLetterPublisher, dlqTopic } from '../src/projector/dead-letter-publisher';
import { BlueGreenRebuild } from '../src/rebuild/blue-green-rebuild';
import { IndexerMetrics } from '../src/ops/metrics';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { publishEvents } from '../src/demo/publish-events';
import { sleep } from '../src/shared/retry';

const products = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const naiveEvents = Number(process.env.BENCH_NAIVE_EVENTS ?? 10_000);
const searchSeconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 15);
const projection = ProductProjection as unknown as Projection;
const rows: Array<{ figure: string; value: string }> = [];
const figure = (name: string, value: string) => {
  rows.push({ figure: name, value });
  console.log(`  ${name.padEnd(58)} ${value}`);
};

async function caughtUp(kafka: Kafka, engine: SearchEngine, index: string, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  await admin.disconnect();
  const store = new CheckpointStore(engine);
  for (;;) {
    const cps = await store.read(index, topic, [...ends.keys()]).catch(() => new Map<number, number>());
    if ([...ends].every(([p, end]) => (cps.get(p) ?? -1) >= end - 1)) return;
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  const base = loadConfig();
  const config: AppConfig = loadConfig({
    ...process.env,
    PRODUCT_TOPIC: `bench-${run}-product-events`,
    DANCE_HALL_TOPIC: `bench-${run}-dance-hall-events`,
    INDEX_PREFIX: `bench-${run}-`,
    KAFKA_GROUP_ID: `bench-${run}`,
    LOG_LEVEL: 'error',
    SEARCH_RATE_LIMIT: '1000000',
    PORT: process.env.BENCH_PORT ?? '3999',
  });
  const kafka = new Kafka({ clientId: 'bench', brokers: base.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const engine = createSearchEngine(config);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [config.PRODUCT_TOPIC, config.DANCE_HALL_TOPIC].flatMap((t) => [t, dlqTopic(t)]).map((topic) => ({ topic, numPartitions: 6, configEntries: [{ name: 'retention.ms', value: '-1' }] })),
  });
  console.log(`bench ${run}: ${products} products on ${config.SEARCH_ENGINE} ${config.SEARCH_URL}, Kafka ${config.KAFKA_BROKERS}`);

  const stream = generateEventStream({ seed: 1, products, danceHalls: 0, maxChangesPerAggregate: 0 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let t = Date.now();
  await publishEvents(producer, { product: config.PRODUCT_TOPIC, danceHall: config.DANCE_HALL_TOPIC }, stream.events);
  figure('publish backlog (events/s)', `${Math.round(stream.events.length / ((Date.now() - t) / 1000))} (${stream.events.length} events)`);

  // 1. The service's projector over the whole backlog.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  t = Date.now();
  const app = await startApp(config);
  const alias = readAlias(config.INDEX_PREFIX, projection);
  let live: string | undefined;
  while (!live) {
    live = (await engine.aliasTargets(alias).catch(() => []))[0];
    if (!live) await sleep(50);
  }
  await caughtUp(kafka, engine, live, config.PRODUCT_TOPIC);
  const projectorRate = stream.events.length / ((Date.now() - t) / 1000);
  clearInterval(sampler);
  figure('projector: backlog incl. start and group join (events/s)', `${Math.round(projectorRate)}`);
  figure('projector: process RSS peak (MiB)', `${Math.round(rssPeak / 2 ** 20)} (start ${Math.round(rssBefore / 2 ** 20)})`);

  // 2. A hand-written projector as teams write it: one version-checked index request per event.
  const naiveIndex = `${config.INDEX_PREFIX}naive`;
  await engine.createIndex(naiveIndex, loadIndexDefinition(projection).definition);
  const naive = stream.events.slice(0, naiveEvents);
  t = Date.now();
  const state = new Map<string, ReturnType<Projection['evolve']>>();
  for (const e of naive) {
    const decoded = decodeMessage(e.key, Buffer.from(JSON.stringify(e.envelope)), projection.events);
    if (decoded.kind !== 'event') continue;
    const next = projection.evolve(state.get(e.key) ?? null, decoded.event);
    state.set(e.key, next);
    await engine.bulk([{ index: naiveIndex, id: e.key, document: { docKind: 'live', ...next }, externalVersion: decoded.event.aggregateVersion }]);
  }
  const naiveRate = naive.length / ((Date.now() - t) / 1000);
  figure('baseline: one request per event, no Kafka (events/s)', `${Math.round(naiveRate)}`);
  figure('projector / baseline', `${(projectorRate / naiveRate).toFixed(1)}x`);

  // 3. Search latency under a steady load, index holding the whole backlog.
  await engine.refresh(live);
  const count = await engine.count(alias);
  const queries = ['dansskor', 'foxtrot pumps', 'dansskr', 'balklanning siden', 'bugg', 'vals'];
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${config.PORT}`,
    connections: 8,
    duration: searchSeconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/search/products?q=${encodeURIComponent(queries[i++ % queries.length])}&size=20` }) }],
  });
  figure(`search: documents in the index`, `${count}`);
  figure(`search: ${result.requests.total} requests, 8 connections, ${searchSeconds}s (req/s)`, `${Math.round(result.requests.average)}`);
  figure('search latency p50 / p99 (ms)', `${result.latency.p50} / ${result.latency.p99}`);
  figure('search non-2xx', `${result.non2xx}`);
  await app.close();

  // 4. Rebuild throughput, with and without bulk-load settings.
  for (const bulkLoadSettings of [true, false]) {
    const metrics = new IndexerMetrics();
    const checkpoints = new CheckpointStore(engine);
    const rebuilds = new BlueGreenRebuild({
      kafka, engine, config, checkpoints, metrics,
      batchProjector: new BatchProjector(engine, checkpoints, new DeadLetterPublisher(producer), metrics),
      owner: 'bench', log: () => undefined, pollMs: 200,
    });
    const record = await rebuilds.start(projection, { bulkLoadSettings });
    await rebuilds.waitFor(projection);
    const done = await rebuilds.status(projection);
    const seconds = (Date.parse(done!.finishedAt!) - Date.parse(record.startedAt)) / 1000;
    figure(`rebuild ${bulkLoadSettings ? 'with' : 'without'} bulk-load settings (events/s)`, `${Math.round(done!.replayed / seconds)} (${done!.phase}, ${seconds.toFixed(1)} s)`);
  }

  await producer.disconnect();
  await admin.deleteTopics({ topics: [config.PRODUCT_TOPIC, config.DANCE_HALL_TOPIC].flatMap((t2) => [t2, dlqTopic(t2)]) });
  await admin.disconnect();
  for (const index of await engine.listIndices(`${config.INDEX_PREFIX}*`)) await engine.deleteIndex(index);
  await engine.close();
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ run, products, engine: config.SEARCH_ENGINE, rows }, null, 2));
  console.log(`\nwritten to ${file}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench failed: ${err.stack}`);
    process.exit(1);
  },
);
