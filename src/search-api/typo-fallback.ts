import { SearchResult } from '../search-engine/search-engine.port';
import { FUZZY_MIN_LENGTH, wordsOf } from './text-query';

/** Whether fuzzy matching could add anything for this text: some word is long enough to be fuzzed. */
export function canHaveTypos(q: string | undefined): boolean {
  return wordsOf(q ?? '').some((word) => word.length >= FUZZY_MIN_LENGTH);
}

/** Which query a page was answered with, so the next page (its cursor) continues the same one. */
export interface TextSearchPage {
  result: SearchResult;
  typos: boolean;
}

/**
 * Typo tolerance only where it is needed. The exact query (whole words, prefixes, phrases) runs first;
 * only when it cannot fill the page does the typo-tolerant one run, which finds the same exact hits first
 * and fuzzy ones after them. Fuzzy expansion was most of the cost of a search (bench/search-queries.ts),
 * and most queries are spelled right or are prefixes being typed. A later page (`typosFromCursor`) keeps
 * the query of the first page, so paging never switches between the two.
 */
export async function searchWithTypoFallback(
  search: (typos: boolean) => Promise<SearchResult>,
  q: string | undefined,
  size: number,
  typosFromCursor?: boolean,
): Promise<TextSearchPage> {
  if (typosFromCursor !== undefined) return { result: await search(typosFromCursor), typos: typosFromCursor };
  const exact = await search(false);
  if (exact.total >= size || !canHaveTypos(q)) return { result: exact, typos: false };
  return { result: await search(true), typos: true };
}
