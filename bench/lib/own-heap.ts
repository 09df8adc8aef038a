import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collects the benchmark's own heap now. After the stream is published and the ceilings measured, the
 * million generated events are garbage, and V8 collects them when it sees fit: in two full runs that was in
 * the middle of the idle search minute, where the benchmark process took a whole core for about a second and
 * all of that minute's slowest searches fell in it. Collected here, before anything is timed, it cannot.
 * Called plainly: with an options argument (`{ type: 'major' }`, any flavour) Node 20's V8 freed nothing
 * of it here (1,045 MiB live after it, against 72 MiB). It leaves ~1.4 GB committed, which V8's memory reducer
 * would give back later in a collection of its own, in a timed phase again: scripts/bench.sh turns the reducer off.
 */
export function collectOwnHeap(): { ms: number; heapMiB: number; committedMiB: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const started = performance.now();
  gc();
  const { heapUsed, heapTotal } = process.memoryUsage();
  return { ms: Math.round(performance.now() - started), heapMiB: Math.round(heapUsed / 2 ** 20), committedMiB: Math.round(heapTotal / 2 ** 20) };
}
