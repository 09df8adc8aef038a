/**
 * `npx ts-node bench/live-load.ts [--seconds 30]`: the bench's "under ingest" phase on its own, to iterate on
 * it. The first run publishes the bench's seeded stream and replays it (topics and index named
 * `live-load-*`, kept); every run then starts the service on them, publishes price changes at 2,000 events/s
 * while searching at 50/s (through the service, or with --replica a search replica), and prints freshness,
 * search latency, and the CPU and collections of the processes.
 * `--idle` instead searches at 50/s through the service with no events, as the bench's "search while idle"
 * (`--replica` does not apply). `--fresh` starts over. `--replay` replays the kept topics into a fresh index first (deleted after), so the
 * projector is measured in the state a replay from offset zero leaves it in, as `npm run bench` measures it.
 * The service's own settings come from the environment (e.g. KAFKA_FETCH_MIN_BYTES);
 * LIVE_LOAD_SERVICE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles it.
 * `--engine-nice N` / `--service-nice N` run the local engine's indexing threads / the projecting service at a
 * lower priority while measuring (Linux, as root for a negative N), to see how much of the search tail under
 * ingest is the two sides competing for the same cores; the engine's threads are set back to 0 after.
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
import { ProductProjection } from '../src/projections/product.projection';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { measureUnderIngest } from './lib/under-ingest';
import { Report } from './lib/report';
import { localEnginePid } from './lib/process-stats';
import { waitForMerges } from './lib/engine-merges';
import { ENGINE_INDEXING_POOLS, niceEnginePools, niceProcess } from './lib/thread-priority';
import { grew, scrapeService } from './lib/service-metrics';
import { searchAtRateIdle } from './lib/idle-search';
import { serviceExit, spawnService, startSearchReplica, stopService, waitAllCaughtUp } from './lib/service-runner';

const options = new Command()
  .option('--events <n>', 'events of the seeded stream replayed first', (v) => Number(v), 1_000_000)
  .option('--seconds <n>', 'how long to publish and search', (v) => Number(v), 30)
  .option('--fresh', 'delete the kept topics and indices first')
  .option('--replay', 'replay the kept topics into a fresh index (and consumer group) first, deleted after')
  .option('--idle', 'search at 50/s (after a 10 s warm-up) without publishing, as the bench\'s "search while idle"')
  .option('--replica', 'search through a search replica (PROJECTORS_ENABLED=false) of its own instead of the service')
  .option('--replica-node-options <flags>', 'node flags of the replica after those of npm start', '')
  .option('--service-nice <n>', 'nice value of the projecting service\'s threads while it is measured', Number)
  .option('--engine-nice <n>', `nice value of the local engine's indexing threads (${ENGINE_INDEXING_POOLS.join(', ')}) while measured`, Number)
  .parse()
  .opts<{ events: number; seconds: number; fresh?: boolean; replay?: boolean; idle?: boolean; replica?: boolean; replicaNodeOptions: string; serviceNice?: number; engineNice?: number }>();

const replayPrefix = `live-load-replay-${Date.now().toString(36)}-`;
const config = benchConfig('live-load-', '3997', {
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  ...(options.replay && { INDEX_PREFIX: replayPrefix, KAFKA_GROUP_ID: replayPrefix.replace(/-$/, '') }),
});

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
    const started = Date.now();
    // A service that dies (out of heap, a bad setting) fails the run instead of leaving it waiting forever.
    const died = serviceExit(service, 'live-load-service.log');
    await waitAllCaughtUp(kafka, engine, config, died);
    if (options.replay) console.log(`replayed into ${replayPrefix}* in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    // A run that starts on a kept index has no replay of its own, so nothing merges away what earlier runs left.
    await engine.expungeDeletes(alias);
    const counts = await engine.documentCounts(alias);
    console.log(`caught up; waited ${(await waitForMerges(config.SEARCH_URL, alias)).toFixed(1)} s for the engine's merges; ${counts.deleted} deleted copies of ${counts.live} live documents`);
    if (options.idle) {
      const report = new Report({});
      report.begin(`idle: 50 searches/s through the service for ${options.seconds} s, no events`);
      return await searchAtRateIdle(report, { port: Number(config.PORT), pid: service.pid! }, options.seconds, config.SEARCH_URL);
    }
    const versions = await liveVersions(alias);
    const metricsBefore = await scrapeService(config.PORT);
    const report = new Report({});
    report.begin(`${options.replica ? 'through a search replica' : 'through the service'}: 2,000 events/s and 50 searches/s for ${options.seconds} s`);
    const replica = options.replica ? await startSearchReplica(config, 'live-load-replica.log', options.replicaNodeOptions) : undefined;
    const enginePid = localEnginePid();
    try {
      const projector = { pid: service.pid!, port: Number(config.PORT) };
      // An experiment in co-locating: the indexing side (the projector, the engine's indexing threads) at a lower
      // priority, so the search side wins a contended CPU.
      if (options.serviceNice !== undefined) console.log(`service: nice ${options.serviceNice} on ${niceProcess(projector.pid, options.serviceNice)} threads`);
      niceEngineIndexing(enginePid, options.engineNice);
      await measureUnderIngest(report, { producer, engine, config, alias, versions, seconds: options.seconds, enginePid, projector, replica });
    } finally {
      // The engine outlives the run: its threads go back to the default priority.
      if (options.engineNice !== undefined) niceEngineIndexing(enginePid, 0);
      if (replica) await stopService(replica.child);
    }
    const m = await scrapeService(config.PORT);
    const delta = (name: string) => grew(metricsBefore, m, name);
    const batches = delta('indexer_batch_size_count');
    const bulks = delta('indexer_bulk_duration_seconds_count');
    console.log(`batches ${batches} (${(delta('indexer_batch_size_sum') / batches).toFixed(1)} messages each), bulks ${bulks} (${((delta('indexer_bulk_duration_seconds_sum') / bulks) * 1000).toFixed(1)} ms each)`);
  } finally {
    await stopService(service);
    if (options.replay) for (const index of await engine.listIndices(`${replayPrefix}*`)) await engine.deleteIndex(index);
    await producer.disconnect();
    await engine.close();
  }
}

/** Sets the nice value of the local engine's indexing threads, when asked and the local stack runs it. */
function niceEngineIndexing(enginePid: number | undefined, nice: number | undefined): void {
  if (nice === undefined || !enginePid) return;
  console.log(`engine: nice ${nice} on ${niceEnginePools(enginePid, ENGINE_INDEXING_POOLS, nice)} indexing threads`);
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
