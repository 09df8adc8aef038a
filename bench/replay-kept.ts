/**
 * `npx ts-node bench/replay-kept.ts [--node-options FLAGS] [--heap-snapshot] [--instances N]`: replays the topics
 * `bench/live-load.ts` keeps (run it once first) into a fresh index and consumer group (deleted after), and
 * prints what the replay cost the service: events/s, CPU per event, peak RSS, engine writes per final product
 * document. A quick way to try settings (from the environment, e.g. WRITE_BEHIND_MAX_DOCS) and node flags
 * (e.g. a heap budget) without a whole `npm run bench`. `--heap-snapshot` then has the service write a heap
 * snapshot (which collects first, so only what is reachable counts) and prints its live heap by kind.
 * `--instances N` starts N services in one consumer group, which split the partitions between them.
 * `--rebuild` then rebuilds the products in the same process, now warm, and prints the same figures for it.
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';
import { benchConfig } from './lib/bench-config';
import { ProductProjection } from '../src/projections/product.projection';
import { readAlias } from '../src/indices/index-names';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { eventsHeld, rebuildProducts, spawnGroup, stopService, waitAllCaughtUp, waitAnswering } from './lib/service-runner';
import { cpuMeter, cpuSeconds, localEnginePid, peakRssMiB } from './lib/process-stats';
import { indexingTotal } from './lib/engine-merges';
import { sleep } from '../src/shared/retry';

const options = new Command()
  .option('--node-options <flags>', 'node flags of the service after those of npm start', '')
  .option('--heap-snapshot', 'once caught up, print the live heap from a heap snapshot (of the first instance)')
  .option('--instances <n>', 'services in the one consumer group, each a process of its own', (v) => Number(v), 1)
  .option('--rebuild', 'once caught up, rebuild the products in the same process and print its figures')
  .parse()
  .opts<{ nodeOptions: string; heapSnapshot?: boolean; instances: number; rebuild?: boolean }>();
const prefix = `replay-kept-${Date.now().toString(36)}-`;
const config = benchConfig('live-load-', '3996', { INDEX_PREFIX: prefix, KAFKA_GROUP_ID: prefix.replace(/-$/, ''), ADMIN_TOKEN: 'replay-kept-admin-token-0123' });
const kafka = new Kafka({ clientId: 'replay-kept', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
const engine = createSearchEngine(config);
const dir = join(__dirname, '..', '.local-stack', 'heap-snapshots');

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Live bytes in all, and by kind (the constructor of an object, else V8's node type). */
function liveHeap(file: string): { total: number; kinds: [string, number][] } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const t = s.snapshot.meta.node_types[0][s.nodes[i + type]];
    const kind = t === 'object' ? s.strings[s.nodes[i + name]] : t;
    total += s.nodes[i + size];
    kinds.set(kind, (kinds.get(kind) ?? 0) + s.nodes[i + size]);
  }
  return { total, kinds: [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 8) };
}

async function snapshotLiveHeap(service: { kill(signal: NodeJS.Signals): boolean }): Promise<string> {
  service.kill('SIGUSR2');
  let file: string | undefined;
  while (!file) {
    await sleep(1000);
    file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
  }
  // The file appears as writing starts; the snapshot is complete when the service answers again.
  await waitAnswering(config.PORT);
  const heap = liveHeap(join(dir, file));
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  return `${mb(heap.total)} MB; largest kinds: ${heap.kinds.map(([k, b]) => `${k} ${mb(b)}`).join(', ')}`;
}

/** A blue-green rebuild of the products by the service that just replayed: the same work, in a warm process. */
async function rebuildWarm(pid: number, died: Promise<never>): Promise<void> {
  const engineCpu = cpuMeter(localEnginePid());
  const r = await rebuildProducts(config, pid, died);
  console.log(`rebuild (${r.phase}): ${r.replayed} events in ${r.seconds.toFixed(1)} s: ${Math.round(r.replayed / r.seconds)} events/s`);
  console.log(`service CPU ${r.cpuSeconds.toFixed(1)} s, ${((r.cpuSeconds * 1e6) / r.replayed).toFixed(0)} µs per event; peak RSS ${r.peakRssMiB.toFixed(0)} MiB; engine CPU ${engineCpu.used()?.toFixed(1)} s`);
}

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const flags = `${options.nodeOptions} ${options.heapSnapshot ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` : ''}`;
  const started = Date.now();
  const { children: services, died } = spawnGroup(config, 'replay-kept', options.instances, flags);
  const [service] = services;
  try {
    const events = await eventsHeld(kafka, config);
    const engineCpu = cpuMeter(localEnginePid());
    await waitAllCaughtUp(kafka, engine, config, died);
    const seconds = (Date.now() - started) / 1000;
    const cpus = services.map((s) => cpuSeconds(s.pid!));
    const cpu = cpus.reduce((a, b) => a + b, 0);
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    // The physical index: the read alias hides the tombstones of deleted products, which were written too.
    const [index] = await engine.aliasTargets(alias);
    const products = (await engine.count(index)) || 1;
    console.log(`replayed ${events} events in ${seconds.toFixed(1)} s: ${Math.round(events / seconds)} events/s`);
    const rss = services.map((s) => peakRssMiB(s.pid!).toFixed(0)).join(' + ');
    const each = services.length > 1 ? ` (${cpus.map((c) => c.toFixed(1)).join(' + ')} s)` : '';
    console.log(`service CPU ${cpu.toFixed(1)} s${each}, ${((cpu * 1e6) / events).toFixed(0)} µs per event; peak RSS ${rss} MiB; engine CPU ${engineCpu.used()?.toFixed(1)} s`);
    console.log(`engine writes per final product document (tombstones included) ${((await indexingTotal(config.SEARCH_URL, index)) / products).toFixed(2)}`);
    if (options.rebuild) await rebuildWarm(service.pid!, died);
    if (!options.heapSnapshot) return;
    await sleep(10_000);
    console.log(`live heap once caught up: ${await snapshotLiveHeap(service)}`);
  } finally {
    await Promise.all(services.map(stopService));
    for (const index of await engine.listIndices(`${prefix}*`)) await engine.deleteIndex(index);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack);
    process.exit(1);
  },
);
