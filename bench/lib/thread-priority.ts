import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The engine's thread pools that do the indexing side of its work. Lucene's merge threads are started by these
 * (a write or a refresh), and a Linux thread starts with the nice value of the thread that made it.
 */
export const ENGINE_INDEXING_POOLS = ['write', 'refresh', 'flush', 'force_merge'];

/**
 * Sets the nice value of every thread a process has now. On Linux a nice value belongs to a thread (setpriority
 * with a thread id), and threads made later inherit it from their maker. Returns how many threads it set.
 */
export function niceProcess(pid: number, nice: number): number {
  const tids = readdirSync(`/proc/${pid}/task`).map(Number);
  for (const tid of tids) setPriority(tid, nice);
  return tids.length;
}

/**
 * The Linux thread ids of an OpenSearch node's threads in the named pools, from a `jstack` dump: OpenSearch
 * names them `opensearch[node][pool][T#n]`, and a recent JDK prints the thread id as a decimal `nid`.
 */
export function poolThreadIds(dump: string, pools: string[]): number[] {
  const ids: number[] = [];
  for (const match of dump.matchAll(/^"opensearch\[[^\]]*\]\[([^\]]+)\]\[T#\d+\]".* nid=(0x[0-9a-f]+|\d+)/gm)) {
    if (pools.includes(match[1])) ids.push(Number(match[2]));
  }
  return ids;
}

/** Sets the nice value of the engine's threads in the named pools. Returns how many threads it set. */
export function niceEnginePools(pid: number, pools: string[], nice: number): number {
  const dump = execFileSync('jstack', [String(pid)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ids = poolThreadIds(dump, pools);
  for (const tid of ids) setPriority(tid, nice);
  return ids.length;
}
