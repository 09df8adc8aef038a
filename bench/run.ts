/**
 * `npm run bench [-- --events N]`: ingest figures on the local stack (or the configured endpoints), each
 * against ceilings measured in the same run on the same data. Prints every figure and writes
 * bench/results/<date>.json and .md. The service runs as its own process, so its CPU and memory are its own.
 */
import 'reflect-metadata';
import { PRODUCER_OPTIONS } from '../src/kafka/create-kafka';
import { Command } from 'commander';
import { join } from 'node:path';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { AppConfig, loadConfig, writeBehindSettings } from '../src/config/app-config';
import { benchConfig } from './lib/bench-config';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { ProductProjection } from '../src/projections/product.projection';
import { readAlias } from '../src/indices/index-names';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { publishEvents } from '../src/demo/publish-events';
import { dlqTopic, ensureTopics } from '../src/kafka/admin';
import { sourceTopics } from '../src/config/topic-settings';
import { cpuMeter, cpuSeconds, localEnginePid, peakRssMiB } from './lib/process-stats';
import { eventsHeld, rebuildProducts, spawnGroup, startFlags, startSearchReplica, stopService, waitAllCaughtUp } from './lib/service-runner';
import { finalDocuments, finalLoadSeconds, noOpConsumeSecondsApart, oneRequestPerEventRate } from './lib/ceilings';
import { measureUnderIngest } from './lib/under-ingest';
import { Report } from './lib/report';
import { measureIdleSearch } from './lib/idle-search';
import { indexingTotal } from './lib/engine-merges';
import { runApart } from './lib/run-apart';
import { collectOwnHeap } from './lib/own-heap';
import type { LoopbackProbe } from './lib/loopback-probe-process';

const options = new Command()
  .option('--events <n>', 'events in the replayed stream (both topics, seeded)', (v) => Number(v), 1_000_000)
  .option('--freshness-seconds <n>', 'duration of the steady 2,000 events/s run (searches at 50/s run alongside)', (v) => Number(v), 60)
  .option('--search-seconds <n>', 'duration of the idle search run at 50 requests/s', (v) => Number(v), 60)
  .option('--scaling-events <n>', 'events per partition-count run (1/3/6 partitions)', (v) => Number(v), 200_000)
  .option('--no-scaling', 'skip the partition-count runs')
  .option('--service-node-options <flags>', 'node flags of the service process after those of npm start, e.g. a heap budget (--max-old-space-size=192) or a profile (--cpu-prof --cpu-prof-dir=/tmp/prof)', '')
  .parse()
  .opts<{ events: number; freshnessSeconds: number; searchSeconds: number; scalingEvents: number; scaling: boolean; serviceNodeOptions: string }>();

const run = Date.now().toString(36);
const base = loadConfig();
const kafka = new Kafka({ clientId: 'bench', brokers: base.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
const engine = createSearchEngine(base);
const enginePid = localEnginePid();
const configFor = (name: string): AppConfig => benchConfig(`bench-${run}-${name}-`, '3999', { ADMIN_TOKEN: 'bench-admin-token-0123456789' });
const topicsOf = sourceTopics;
// One partition's states at a time, in one group member (two hold one partition's states while the other's flush
// is stored: 279-311 MiB), a small young generation and a heap that grows by half: under 256 MiB (README).
const SMALL_MEMORY_FLAGS = '--max-semi-space-size=16 --heap-growing-percent=50';
const createTopics = (config: AppConfig, partitions: number) => ensureTopics(kafka, sourceTopics(config), partitions);

async function cleanUp(configs: AppConfig[]): Promise<void> {
  const a = kafka.admin();
  await a.connect();
  const existing = new Set(await a.listTopics());
  await a.deleteTopics({ topics: configs.flatMap(topicsOf).flatMap((t) => [t, dlqTopic(t)]).filter((t) => existing.has(t)) });
  await a.disconnect();
  for (const index of await engine.listIndices(`bench-${run}-*`)) await engine.deleteIndex(index);
}

/**
 * Starts `instances` services in one consumer group on a published backlog and waits until every projection
 * holds all of it. CPU and peak RSS are per instance, in start order; `child` is the first.
 */
async function replay(config: AppConfig, name: string, instances = 1, nodeFlags = '') {
  const engineCpu = cpuMeter(enginePid);
  const started = Date.now();
  const { children, died } = spawnGroup(config, name, instances, `${options.serviceNodeOptions} ${nodeFlags}`.trim());
  await waitAllCaughtUp(kafka, engine, config, died);
  const seconds = (Date.now() - started) / 1000;
  const cpus = children.map((c) => cpuSeconds(c.pid!));
  const peakRss = children.map((c) => peakRssMiB(c.pid!));
  return { child: children[0], children, died, seconds, cpus, cpu: cpus.reduce((a, b) => a + b, 0), peakRss, engineCpu: engineCpu.used() };
}

/**
 * Generates and publishes the stream, and measures the ceilings on it. Returns only what later phases need:
 * the million events stay in this function, so the benchmark's own heap is small again when it times
 * freshness (a collection of a heap that large paused it for long enough to show in the figures).
 */
async function publishAndMeasureCeilings(config: AppConfig, producer: Producer, report: Report) {
  const generated = generateEventStream({ seed: 1, products: Math.ceil(options.events / 6), danceHalls: Math.ceil(options.events / 200), maxChangesPerAggregate: 12 });
  const events = generated.events.slice(0, options.events);
  const productEvents = events.filter((e) => e.projection === 'products');
  await createTopics(config, 6);
  report.begin('data');
  const t = Date.now();
  await publishEvents(producer, config, events);
  const products = finalDocuments(ProductProjection, `bench-${run}-final-products`, productEvents);
  report.add('events (products + dance halls)', `${events.length} (${productEvents.length} + ${events.length - productEvents.length})`);
  report.add('products (final documents incl. tombstones)', products.length);
  report.add('publish rate (events/s)', Math.round(events.length / ((Date.now() - t) / 1000)));

  report.begin('ceilings, same data');
  const consume = await noOpConsumeSecondsApart({ brokers: config.KAFKA_BROKERS.split(','), topics: topicsOf(config), total: events.length });
  report.add('kafkajs no-op consume (s, events/s)', `${consume.toFixed(1)}, ${Math.round(events.length / consume)}`);
  const engineCpu = cpuMeter(enginePid);
  const load = await finalLoadSeconds(engine, ProductProjection, `bench-${run}-final-products`, products);
  report.add('engine bulk-load of the final product documents (s)', `${load.toFixed(1)} (engine CPU ${engineCpu.used()?.toFixed(1) ?? '?'} s)`);
  const lowerCeiling = events.length / (consume + load);
  report.add('lower ceiling = events / (consume + load) (events/s)', Math.round(lowerCeiling));
  return {
    total: events.length,
    finalProducts: products.length,
    lowerCeiling,
    versions: new Map(products.filter((d) => d.document.docKind === 'live').map((d) => [d.id, Number(d.document.version)])),
    baselineSlice: productEvents.slice(0, 20_000),
    scalingSlice: options.scaling ? productEvents.slice(0, options.scalingEvents) : [],
  };
}

async function main(): Promise<void> {
  const config = configFor('main');
  const report = new Report({ events: options.events, engine: await engine.info(), writeBehind: writeBehindSettings(config), partitions: 6, serviceNodeFlags: [...startFlags(), options.serviceNodeOptions].join(' ').trim(), run });
  report.begin('machine');
  const probe = await runApart<LoopbackProbe>(join(__dirname, 'lib', 'loopback-probe-process.ts'), { pacedPerSecond: 50, seconds: 6 });
  report.add('loopback HTTP round trip, CPU µs: back to back / paced at 50/s', `${probe.backToBackMicros} / ${probe.pacedMicros} (${(probe.pacedMicros / probe.backToBackMicros).toFixed(1)}x)`);
  const producer = kafka.producer(PRODUCER_OPTIONS);
  await producer.connect();
  const { total, finalProducts, lowerCeiling, versions, baselineSlice, scalingSlice } = await publishAndMeasureCeilings(config, producer, report);
  const collected = collectOwnHeap();
  report.add('the benchmark\'s own heap, collected before anything else is timed (ms; MiB live, committed)', `${collected.ms}; ${collected.heapMiB}, ${collected.committedMiB}`);

  report.begin('replay from offset zero through the live group');
  const live = await replay(config, `bench-${run}-service`);
  const rate = total / live.seconds;
  report.add('events/s (process start to lag 0, both topics)', Math.round(rate));
  report.add('ratio to the lower ceiling', (rate / lowerCeiling).toFixed(2));
  report.add('service CPU (s, µs per event)', `${live.cpu.toFixed(1)}, ${Math.round((live.cpu * 1e6) / total)}`);
  report.add('service peak RSS (MiB)', Math.round(live.peakRss[0]));
  report.add('engine CPU during the replay (s)', live.engineCpu?.toFixed(1) ?? 'not measured');
  const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
  report.add('engine writes to the product index per final product document (checkpoints included)', ((await indexingTotal(config.SEARCH_URL, alias)) / finalProducts).toFixed(2));

  report.begin('search while idle');
  await measureIdleSearch(report, engine, config, options.searchSeconds, live.child.pid!);

  const ingest = { producer, engine, config, alias, versions, seconds: options.freshnessSeconds, enginePid, projector: { pid: live.child.pid!, port: Number(config.PORT) } };
  report.begin(`freshness at 2,000 events/s for ${options.freshnessSeconds} s`);
  await measureUnderIngest(report, ingest);
  report.begin(`the same, searching through a search replica (PROJECTORS_ENABLED=false, a process of its own)`);
  const replica = await startSearchReplica(config, `bench-${run}-replica.log`);
  await measureUnderIngest(report, { ...ingest, replica });
  await stopService(replica.child);

  report.begin('replay through a blue-green rebuild (products)');
  const rebuilt = await rebuildProducts(config, live.child.pid!, live.died);
  report.add('events/s (start to cutover)', `${Math.round(rebuilt.replayed / rebuilt.seconds)} (${rebuilt.phase}, ${rebuilt.replayed} events, ${rebuilt.seconds.toFixed(1)} s)`);
  report.add('service CPU (µs per event)', Math.round((rebuilt.cpuSeconds * 1e6) / rebuilt.replayed));
  report.add('service peak RSS during the rebuild (MiB)', Math.round(rebuilt.peakRssMiB));
  await stopService(live.child);

  report.begin('baseline');
  const naive = await oneRequestPerEventRate(engine, ProductProjection, `bench-${run}-naive`, baselineSlice);
  report.add('one request per event, 20k-event slice (events/s)', Math.round(naive));
  report.add('replay / baseline', `${(rate / naive).toFixed(1)}x`);

  report.begin(`the same replay in a small memory profile: WRITE_BEHIND_PARTITIONS=1, KAFKA_CONSUMERS_PER_PROJECTION=1, node ${SMALL_MEMORY_FLAGS}`);
  // The topics hold the freshness phases' price changes too by now.
  const held = await eventsHeld(kafka, config);
  const small = await replay({ ...config, INDEX_PREFIX: `bench-${run}-small-`, KAFKA_GROUP_ID: `bench-${run}-small`, WRITE_BEHIND_PARTITIONS: 1, KAFKA_CONSUMERS_PER_PROJECTION: 1 }, `bench-${run}-small`, 1, SMALL_MEMORY_FLAGS);
  report.add('events; events/s; service CPU (µs per event); service peak RSS (MiB)', `${held}; ${Math.round(held / small.seconds)}; ${Math.round((small.cpu * 1e6) / held)}; ${Math.round(small.peakRss[0])}`);
  await stopService(small.child);

  const scalingConfigs: AppConfig[] = [];
  if (options.scaling) {
    report.begin(`scaling: ${options.scalingEvents} product events by partition count`);
    for (const partitions of [1, 3, 6]) {
      const c = configFor(`p${partitions}`);
      scalingConfigs.push(c);
      await createTopics(c, partitions);
      await publishEvents(producer, c, scalingSlice);
      const r = await replay(c, `bench-${run}-p${partitions}`);
      await stopService(r.child);
      report.add(`${partitions} partition(s): events/s, service CPU s, engine CPU s`, `${Math.round(scalingSlice.length / r.seconds)}, ${r.cpu.toFixed(1)}, ${r.engineCpu?.toFixed(1) ?? '?'}`);
    }
    // The 6 partitions again, split between two services in one group (a fresh group and index).
    const pair = await replay({ ...scalingConfigs[2], INDEX_PREFIX: `bench-${run}-p6x2-`, KAFKA_GROUP_ID: `bench-${run}-p6x2` }, `bench-${run}-p6x2`, 2);
    await Promise.all(pair.children.map(stopService));
    const each = (figures: number[], digits: number) => figures.map((f) => f.toFixed(digits)).join(' + ');
    report.add('6 partitions, two instances in one group: events/s, service CPU s (each), peak RSS MiB (each)', `${Math.round(scalingSlice.length / pair.seconds)}, ${each(pair.cpus, 1)}, ${each(pair.peakRss, 0)}`);
  }

  await producer.disconnect();
  await cleanUp([config, ...scalingConfigs]);
  await engine.close();
  console.log(`\nwritten to ${report.write(join(__dirname, 'results'))}.{json,md}`);
}

main().then(
  () => process.exit(0),
  async (err: Error) => {
    console.error(`bench failed: ${err.stack}`);
    process.exit(1);
  },
);
