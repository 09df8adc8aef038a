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

/**
 * Samples whether the engine merges the index, every `everyMs`, until stopped: merges of the whole index
 * (~180,000–226,000 documents with the deleted copies, ~3 s) under ingest coincided with the clusters of slow
 * searches (history, session 33), so the report sets the slowest searches against them. A merge shorter than a
 * sample may be missed.
 */
export function mergeTimeline(searchUrl: string, index: string, everyMs = 250) {
  const samples: { at: number; docs: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { merges } = await primaryStats<{ merges: { current: number; current_docs: number } }>(searchUrl, index, 'merge').catch(() => ({ merges: { current: 0, current_docs: 0 } }));
      samples.push({ at: Date.now(), docs: merges.current > 0 ? merges.current_docs : 0 });
      await sleep(everyMs);
    }
  })();
  const mergingAt = (moment: number) => (samples.find((s) => s.at >= moment)?.docs ?? 0) > 0;
  return {
    stop: async () => ((stopped = true), await loop),
    /** Share of the samples from `from` to `to` with a merge running, the most documents one merged, and how many of `moments` fell in one. */
    summary(from: number, to: number, moments: number[]): string {
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      const merging = inside.filter((s) => s.docs > 0);
      const share = Math.round((merging.length / Math.max(1, inside.length)) * 100);
      const largest = Math.max(0, ...merging.map((s) => s.docs));
      return `${share} % of the time (the largest ${largest} documents); ${moments.filter(mergingAt).length} of the ${moments.length}`;
    },
  };
}
