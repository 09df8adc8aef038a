/**
 * `npx ts-node bench/live-load.ts [--seconds 30]`: the bench's "under ingest" phase on its own, to iterate on
 * it. The first run publishes the bench's seeded stream and replays it (topics and index named
 * `live-load-*`, kept); every run then starts the service on them, publishes price changes at 2,000 events/s
 * while searching at 50/s, and prints freshness, search latency and the CPU of the service and the engine.
 * `--fresh` starts over. The service's own settings come from the environment (e.g. KAFKA_FETCH_MIN_BYTES);
 * LIVE_LOAD_SERVICE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles it.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';
import { benchConfig } from './lib/bench-config';
import { sourceTopics } from '../src/config/topic-settings';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { publishEvents } from '../src/demo/publish-events';
import { readAlias } from '../src/indices/index-names';
import { dlqTopic, ensureTopics, withAdmin } from '../src/kafka/admin';
import { PRODUCER_OPTIONS } from '../src/kafka/create-kafka';
import { PROJECTIONS } from '../src/projections';
import { ProductProjection } from '../src/projections/product.projection';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { measureFreshness } from './lib/freshness';
import { cpuMeter, cpuSeconds, localEnginePid } from './lib/process-stats';
import { searchAtRate } from './lib/search-load';
import { waitForMerges } from './lib/engine-merges';
import { grew, loopAndCollections, scrapeService } from './lib/service-metrics';
import { spawnService, stopService, waitCaughtUp } from './lib/service-runner';

const options = new Command()
  .option('--events <n>', 'events of the seeded stream replayed first', (v) => Number(v), 1_000_000)
  .option('--seconds <n>', 'how long to publish and search', (v) => Number(v), 30)
  .option('--rate <n>', 'price changes per second', (v) => Number(v), 2000)
  .option('--search-rate <n>', 'searches per second meanwhile (0: none)', (v) => Number(v), 50)
  .option('--fresh', 'delete the kept topics and indices first')
  .parse()
  .opts<{ events: number; seconds: number; rate: number; searchRate: number; fresh?: boolean }>();

const config = benchConfig('live-load-', '3997', { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });

const kafka = new Kafka({ clientId: 'live-load', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
const engine = createSearchEngine(config);

async function main(): Promise<void> {
  const topics = sourceTopics(config);
  if (options.fresh) {
    await withAdmin(kafka, async (a) => {
      const existing = new Set(await a.listTopics());
      await a.deleteTopics({ topics: topics.flatMap((t) => [t, dlqTopic(t)]).filter((t) => existing.has(t)) });
    });
    for (const index of await engine.listIndices('live-load-*')) await engine.deleteIndex(index);
  }
  const prepared = (await withAdmin(kafka, (a) => a.listTopics())).includes(config.topics.PRODUCT_TOPIC);
  const producer = kafka.producer(PRODUCER_OPTIONS);
  await producer.connect();
  if (!prepared) {
    await ensureTopics(kafka, topics, 6);
    const generated = generateEventStream({ seed: 1, products: Math.ceil(options.events / 6), danceHalls: Math.ceil(options.events / 200), maxChangesPerAggregate: 12 });
    await publishEvents(producer, config, generated.events.slice(0, options.events));
    console.log(`published ${options.events} events; replaying`);
  }
  const service = spawnService(config, 'live-load-service.log', process.env.LIVE_LOAD_SERVICE_ARGS);
  try {
    for (const p of PROJECTIONS) await waitCaughtUp(kafka, engine, config, p);
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    // A run that starts on a kept index has no replay of its own, so nothing merges away what earlier runs left.
    await engine.expungeDeletes(alias);
    const counts = await engine.documentCounts(alias);
    console.log(`caught up; waited ${(await waitForMerges(config.SEARCH_URL, alias)).toFixed(1)} s for the engine's merges; ${counts.deleted} deleted copies of ${counts.live} live documents`);
    const versions = await liveVersions(alias);
    const metricsBefore = await scrapeService(config.PORT);
    const serviceCpu = cpuSeconds(service.pid!);
    const engineCpu = cpuMeter(localEnginePid());
    const [fresh, busy] = await Promise.all([
      measureFreshness({ producer, engine, topic: config.topics.PRODUCT_TOPIC, alias, versions, eventsPerSecond: options.rate, seconds: options.seconds, searchUrl: config.SEARCH_URL }),
      options.searchRate > 0 ? searchAtRate(Number(config.PORT), options.searchRate, options.seconds) : undefined,
    ]);
    const percent = (cpu: number | undefined) => Math.round(((cpu ?? NaN) / options.seconds) * 100);
    console.log(`freshness p50/p95/p99/max ${fresh.p50}/${fresh.p95}/${fresh.p99}/${fresh.max} ms (${fresh.found} of ${fresh.sampled}); readable by id p50/p99 ${fresh.stored.p50}/${fresh.stored.p99} ms`);
    if (busy) console.log(`search at ${options.searchRate}/s p50/p97.5/p99 ${busy.p50}/${busy.p97_5}/${busy.p99} ms (${busy.requests}, ${busy.non2xx} non-2xx)`);
    console.log(`CPU (% of one core): service ${percent(cpuSeconds(service.pid!) - serviceCpu)}, engine ${percent(engineCpu.used())}`);
    console.log(`engine refreshes ${fresh.refreshes.count} (${fresh.refreshes.msEach} ms each)`);
    const m = await scrapeService(config.PORT);
    const delta = (name: string) => grew(metricsBefore, m, name);
    console.log(`service event loop delay p99 / max (ms); collections: ${loopAndCollections(metricsBefore, m)}`);
    const batches = delta('indexer_batch_size_count');
    const bulks = delta('indexer_bulk_duration_seconds_count');
    console.log(`batches ${batches} (${(delta('indexer_batch_size_sum') / batches).toFixed(1)} messages each), bulks ${bulks} (${((delta('indexer_bulk_duration_seconds_sum') / bulks) * 1000).toFixed(1)} ms each)`);
  } finally {
    await stopService(service);
    await producer.disconnect();
    await engine.close();
  }
}

/** Every live product and its version, paged through by id. */
async function liveVersions(alias: string): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  let after: unknown[] | undefined;
  for (;;) {
    const page = await engine.search(alias, { size: 10_000, _source: ['productId', 'version'], query: { match_all: {} }, sort: [{ productId: 'asc' }], ...(after && { search_after: after }) });
    for (const h of page.hits) versions.set(String(h.source.productId), Number(h.source.version));
    if (page.hits.length < 10_000) return versions;
    after = page.hits[page.hits.length - 1].sort;
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack);
    process.exit(1);
  },
);
