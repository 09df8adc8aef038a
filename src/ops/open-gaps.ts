import { SearchEngine } from '../search-engine/search-engine.port';
import { ParkedEvent } from '../projector/fold-batch';

/** Documents of one index whose events wait above a gap in their versions. */
export interface OpenGaps {
  open: number;
  /** When the oldest open gap opened; null when none is open. */
  oldestSince: string | null;
}

export interface OpenGap {
  id: string;
  kind: string;
  appliedVersion: number;
  waitingFor: number;
  parkedVersions: number[];
  since: string;
}

const OPEN = { exists: { field: 'gapSince' } };

/** Counts open gaps and finds the oldest, from the `gapSince` field the projector stores while one is open. */
export async function readOpenGaps(engine: SearchEngine, index: string): Promise<OpenGaps> {
  const result = await engine.search(index, { size: 0, track_total_hits: true, query: OPEN, aggs: { oldest: { min: { field: 'gapSince' } } } });
  const oldest = (result.aggregations?.oldest as { value: number | null } | undefined)?.value ?? null;
  return { open: result.total, oldestSince: oldest === null ? null : new Date(oldest).toISOString() };
}

/** The oldest open gaps of an index (opened before `openedBefore`, when given). */
export async function listOpenGaps(engine: SearchEngine, index: string, size = 100, openedBefore?: string): Promise<OpenGap[]> {
  const query = openedBefore ? { range: { gapSince: { lt: openedBefore } } } : OPEN;
  const result = await engine.search(index, { size, query, sort: [{ gapSince: 'asc' }] });
  return result.hits.map((hit) => {
    const version = Number(hit.source.version ?? 0);
    const parked = (hit.source.parked as ParkedEvent[] | undefined) ?? [];
    return {
      id: hit.id,
      kind: String(hit.source.docKind),
      appliedVersion: version,
      waitingFor: version + 1,
      parkedVersions: parked.map((p) => p.event.aggregateVersion),
      since: String(hit.source.gapSince),
    };
  });
}
