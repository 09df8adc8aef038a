import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { sleep } from '../../src/shared/retry';

/**
 * Waits until the engine runs no merge on the index for `quietSeconds` in a row (at most `timeoutSeconds`),
 * and returns how long that took. A replay leaves many segments that the engine merges for a while after
 * the projector is idle; searches measured during those merges measure the merges ("projector idle" means
 * the engine is idle too). Elasticsearch and OpenSearch answer `_stats/merge` alike.
 */
export async function waitForMerges(searchUrl: string, index: string, quietSeconds = 5, timeoutSeconds = 300): Promise<number> {
  const started = Date.now();
  let quietSince = Date.now();
  while (Date.now() - started < timeoutSeconds * 1000) {
    const stats = await primaryStats<{ merges: { current: number } }>(searchUrl, index, 'merge');
    if (stats.merges.current > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietSeconds * 1000) break;
    await sleep(500);
  }
  return (Date.now() - started) / 1000;
}

/**
 * Waits until the index holds at most `maxRatio` deleted copies per live document (the service merges them
 * away after a replay, in two passes 35 s apart), at most `timeoutSeconds`; returns the wait and the ratio.
 */
export async function waitForExpunge(engine: SearchEngine, index: string, maxRatio: number, timeoutSeconds: number): Promise<{ seconds: number; ratio: number }> {
  const started = Date.now();
  for (;;) {
    await engine.refresh(index);
    const { live, deleted } = await engine.documentCounts(index);
    const ratio = deleted / Math.max(1, live);
    if (ratio <= maxRatio || Date.now() - started > timeoutSeconds * 1000) return { seconds: (Date.now() - started) / 1000, ratio };
    await sleep(1000);
  }
}

/** Writes the index has taken so far (each rewrite of a document counts), from the engine's statistics. */
export async function indexingTotal(searchUrl: string, index: string): Promise<number> {
  return (await primaryStats<{ indexing: { index_total: number } }>(searchUrl, index, 'indexing')).indexing.index_total;
}

/** Scheduled refreshes of the index so far and the time they took, from the engine's statistics. */
export async function refreshTotals(searchUrl: string, index: string): Promise<{ count: number; ms: number }> {
  const { refresh } = await primaryStats<{ refresh: { total: number; total_time_in_millis: number } }>(searchUrl, index, 'refresh');
  return { count: refresh.total, ms: refresh.total_time_in_millis };
}

/** One metric of the index's primaries from `_stats` (Elasticsearch and OpenSearch answer it alike). */
async function primaryStats<T>(searchUrl: string, index: string, metric: string): Promise<T> {
  const response = await fetch(`${searchUrl.replace(/\/$/, '')}/${index}/_stats/${metric}`);
  return ((await response.json()) as { _all: { primaries: T } })._all.primaries;
}

/** Segments of the index's primaries now. */
export async function segmentCount(searchUrl: string, index: string): Promise<number> {
  return (await primaryStats<{ segments: { count: number } }>(searchUrl, index, 'segments')).segments.count;
}
