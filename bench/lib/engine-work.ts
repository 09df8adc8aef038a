/**
 * The engine's own counters of what it did, over the whole node: indexing, searching, merging, refreshing,
 * flushing and its JVM's collections. Taken before and after a phase, they say what the engine's CPU went
 * on when it needed more of it for the same load (80–90 % of a core under ingest in most runs, 116 % in some).
 */
export interface EngineCounters {
  indexed: number;
  indexMs: number;
  queries: number;
  queryMs: number;
  fetchMs: number;
  merges: number;
  mergeMs: number;
  mergedDocs: number;
  /** Of mergeMs, how long the engine held merges back (auto-throttling): time, not CPU. */
  mergeThrottledMs: number;
  refreshes: number;
  refreshMs: number;
  flushes: number;
  flushMs: number;
  youngGcs: number;
  youngGcMs: number;
  oldGcs: number;
  oldGcMs: number;
}

interface Collector {
  collection_count: number;
  collection_time_in_millis: number;
}

interface NodeStats {
  indices: {
    indexing: { index_total: number; index_time_in_millis: number };
    search: { query_total: number; query_time_in_millis: number; fetch_time_in_millis: number };
    merges: { total: number; total_time_in_millis: number; total_docs: number; total_throttled_time_in_millis?: number };
    refresh: { total: number; total_time_in_millis: number };
    flush: { total: number; total_time_in_millis: number };
  };
  jvm: { gc: { collectors: Record<string, Collector> } };
}

/** The counters now, summed over the engine's nodes (Elasticsearch and OpenSearch answer `_nodes/stats` alike). */
export async function engineCounters(searchUrl: string): Promise<EngineCounters> {
  const response = await fetch(`${searchUrl.replace(/\/$/, '')}/_nodes/stats/indices,jvm`);
  const nodes = Object.values(((await response.json()) as { nodes: Record<string, NodeStats> }).nodes);
  const sum = (f: (n: NodeStats) => number | undefined) => nodes.reduce((total, n) => total + (f(n) ?? 0), 0);
  const gc = (n: NodeStats, name: 'young' | 'old') => n.jvm.gc.collectors[name];
  return {
    indexed: sum((n) => n.indices.indexing.index_total),
    indexMs: sum((n) => n.indices.indexing.index_time_in_millis),
    queries: sum((n) => n.indices.search.query_total),
    queryMs: sum((n) => n.indices.search.query_time_in_millis),
    fetchMs: sum((n) => n.indices.search.fetch_time_in_millis),
    merges: sum((n) => n.indices.merges.total),
    mergeMs: sum((n) => n.indices.merges.total_time_in_millis),
    mergedDocs: sum((n) => n.indices.merges.total_docs),
    mergeThrottledMs: sum((n) => n.indices.merges.total_throttled_time_in_millis),
    refreshes: sum((n) => n.indices.refresh.total),
    refreshMs: sum((n) => n.indices.refresh.total_time_in_millis),
    flushes: sum((n) => n.indices.flush.total),
    flushMs: sum((n) => n.indices.flush.total_time_in_millis),
    youngGcs: sum((n) => gc(n, 'young')?.collection_count),
    youngGcMs: sum((n) => gc(n, 'young')?.collection_time_in_millis),
    oldGcs: sum((n) => gc(n, 'old')?.collection_count),
    oldGcMs: sum((n) => gc(n, 'old')?.collection_time_in_millis),
  };
}

/** What the engine did between two readings, as the report prints it (times are the engine's, summed over threads). */
export function engineWork(before: EngineCounters, after: EngineCounters): string {
  const d = (k: keyof EngineCounters) => after[k] - before[k];
  const s = (k: keyof EngineCounters) => `${(d(k) / 1000).toFixed(1)} s`;
  return [
    `indexing ${d('indexed')} documents (${s('indexMs')})`,
    `${d('queries')} search queries (${s('queryMs')} query, ${s('fetchMs')} fetch)`,
    `merges ${d('merges')} of ${d('mergedDocs')} documents (${s('mergeMs')}, of it throttled ${s('mergeThrottledMs')})`,
    `refreshes ${d('refreshes')} (${s('refreshMs')})`,
    `flushes ${d('flushes')} (${s('flushMs')})`,
    `JVM collections: young ${d('youngGcs')} (${s('youngGcMs')}), old ${d('oldGcs')} (${s('oldGcMs')})`,
  ].join('; ');
}
