import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collects the benchmark's own heap now. After the stream is published and the ceilings measured, the
 * million generated events are garbage, and V8 collects them when it sees fit: in two full runs that was in
 * the middle of the idle search minute, where the benchmark process took a whole core for about a second and
 * all of that minute's slowest searches fell in it. Collected here, before anything is timed, it cannot.
 * The last-resort flavour also gives the emptied pages back: after a plain collection V8's memory reducer
 * still ran one more, shrinking ~1.3 GB of committed heap, later and in the middle of a timed phase.
 */
export function collectOwnHeap(): { ms: number; heapMiB: number; committedMiB: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  const started = performance.now();
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const { heapUsed, heapTotal } = process.memoryUsage();
  return { ms: Math.round(performance.now() - started), heapMiB: Math.round(heapUsed / 2 ** 20), committedMiB: Math.round(heapTotal / 2 ** 20) };
}
