import { SearchHit, SearchResult } from '../search-engine/search-engine.port';

type Body = Record<string, unknown>;

/** Page-1 hits that tied with the page's last score: the next pages leave them out (see `nextPageStart`). */
export interface TiedHits {
  score: number;
  ids: string[];
}

const SHOWN_BEFORE = 'shownBefore';

/**
 * A later page leaves out the page-1 hits that tied at its end, through post_filter, so the facets still
 * count them; an aggregation counts those of them that still match, which the total adds back
 * (`withShownCounted`).
 */
export function leavingOut(body: Body, ids: string[]): Body {
  const shown = { ids: { values: ids } };
  const narrowed = body.post_filter ? [body.post_filter] : [];
  return {
    ...body,
    post_filter: { bool: { filter: narrowed, must_not: [shown] } },
    aggs: { ...(body.aggs as Body | undefined), [SHOWN_BEFORE]: { filter: { bool: { filter: [shown, ...narrowed] } } } },
  };
}

/** The total of a page that left hits out, with them counted again; the helper aggregation taken away. */
export function withShownCounted(result: SearchResult): SearchResult {
  const shown = result.aggregations?.[SHOWN_BEFORE] as { doc_count?: number } | undefined;
  if (!shown) return result;
  const { [SHOWN_BEFORE]: _shown, ...aggregations } = result.aggregations!;
  return { ...result, total: result.total + (shown.doc_count ?? 0), aggregations };
}

/**
 * A first page ranked by score alone, in the order a [score, id] sort gives: ties inside the page are
 * put in id order. Which of the documents tied at the boundary make the page follows the engine's own order.
 */
export function inIdOrderWithinTies(hits: SearchHit[]): SearchHit[] {
  return [...hits].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Where the page after a full one starts. After a page ranked by score alone, the next starts at its last
 * score, before every id, and leaves out the hits shown that tied with that score; the exclusion is kept
 * while the pages' last score is still that score. Otherwise it is the last hit's sort values.
 */
export function nextPageStart(hits: SearchHit[], scoreOnly: boolean, tied?: TiedHits): { after: unknown[]; tied?: TiedHits } | undefined {
  const last = hits[hits.length - 1];
  if (!last) return undefined;
  if (scoreOnly) {
    const score = last.score ?? 0;
    return { after: [score, ''], tied: { score, ids: hits.filter((h) => h.score === score).map((h) => h.id) } };
  }
  if (!last.sort) return undefined;
  return { after: last.sort, ...(tied && last.sort[0] === tied.score && { tied }) };
}
