import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collects the benchmark's own heap now. After the stream is published and the ceilings measured, the
 * million generated events are garbage, and V8 collects them when it sees fit: in two full runs that was in
 * the middle of the idle search minute, where the benchmark process took a whole core for about a second and
 * all of that minute's slowest searches fell in it. Collected here, before anything is timed, it cannot.
 */
export function collectOwnHeap(): { ms: number; heapMiB: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const started = performance.now();
  gc();
  return { ms: Math.round(performance.now() - started), heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) };
}
