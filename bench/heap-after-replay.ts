/**
 * `npx ts-node bench/heap-after-replay.ts`: what the service's heap holds once a replay from offset zero has
 * caught up. Replays the topics `bench/live-load.ts` keeps (run it once first) into a fresh index, has the
 * service write a heap snapshot (which collects first, so only what is reachable counts), and prints the
 * live heap and its largest kinds of object. Settings come from the environment (e.g. CAUGHT_UP_CACHE_DOCS).
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { benchConfig } from './lib/bench-config';
import { PROJECTIONS } from '../src/projections';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { spawnService, stopService, waitCaughtUp } from './lib/service-runner';
import { sleep } from '../src/shared/retry';

const prefix = `heap-after-replay-${Date.now().toString(36)}-`;
const config = benchConfig('live-load-', '3996', { INDEX_PREFIX: prefix, KAFKA_GROUP_ID: prefix.replace(/-$/, '') });
const kafka = new Kafka({ clientId: 'heap-after-replay', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
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

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const service = spawnService(config, 'heap-after-replay.log', `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`);
  try {
    for (const p of PROJECTIONS) await waitCaughtUp(kafka, engine, config, p);
    console.log(`replayed in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting 10 s, then a heap snapshot`);
    await sleep(10_000);
    service.kill('SIGUSR2');
    let file: string | undefined;
    // The snapshot is complete when the service answers again.
    while (!file || !(await fetch(`http://127.0.0.1:${config.PORT}/health/live`).then((r) => r.ok, () => false))) {
      await sleep(1000);
      file = readdirSync(dir, { withFileTypes: true }).find((f) => f.name.endsWith('.heapsnapshot'))?.name;
    }
    const heap = liveHeap(join(dir, file));
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    console.log(`live heap after the replay: ${mb(heap.total)} MB; largest kinds: ${heap.kinds.map(([k, b]) => `${k} ${mb(b)}`).join(', ')}`);
  } finally {
    await stopService(service);
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
