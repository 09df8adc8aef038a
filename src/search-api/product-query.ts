import { PageStart } from './cursor-codec';
import { ProductSearchQuery, ProductSort } from './dto/product-search.dto';
import { searchHead } from './text-query';

const SORTS: Record<ProductSort, Record<string, unknown>[]> = {
  relevance: [{ _score: 'desc' }, { productId: 'asc' }],
  price_asc: [{ price: 'asc' }, { productId: 'asc' }],
  price_desc: [{ price: 'desc' }, { productId: 'asc' }],
  newest: [{ createdAt: 'desc' }, { productId: 'asc' }],
};

/** How far a search without facets counts its matches: enough to say "more than 1,000". */
export const BOUNDED_TOTAL = 1000;

/**
 * Whether a page is ranked by score alone, without the id tie-breaker: a first page by relevance for some
 * text. Comparing the ids of tied documents is a sixth of the request's work on a catalogue of similar names
 * (`bench/search-queries.ts`); tied-pages.ts keeps the later pages exact.
 */
export const rankedByScoreAlone = (query: ProductSearchQuery, page: PageStart): boolean =>
  (query.sort ?? 'relevance') === 'relevance' && !!query.q?.trim() && !page.after;

/**
 * The search request for a product query. Category narrows the hits through post_filter, so the
 * category facet still counts every category the rest of the query matches.
 */
export function buildProductSearch(query: ProductSearchQuery, page: PageStart = {}): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [];
  for (const tag of query.tags ?? []) filter.push({ term: { tags: tag } });
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    filter.push({ range: { price: { ...(query.minPrice !== undefined && { gte: query.minPrice }), ...(query.maxPrice !== undefined && { lte: query.maxPrice }) } } });
  }
  const q = query.q?.trim();
  return {
    ...searchHead(query, ['name^5', 'tags.text^3', 'category.text^2', 'description'], filter, { fuzzyFields: ['name^5', 'tags.text^3'], typos: page.typos }),
    ...(query.category?.length && { post_filter: { terms: { category: query.category } } }),
    // Facets visit every match, and so does an exact count: without them the engine skips non-competitive hits.
    ...(query.facets === 'none' ? { track_total_hits: BOUNDED_TOTAL } : { aggs: { categories: { terms: { field: 'category', size: 50 } } } }),
    sort: rankedByScoreAlone(query, page) ? [{ _score: 'desc' }] : SORTS[query.sort ?? 'relevance'],
    ...(q && {
      highlight: {
        pre_tags: ['<em>'],
        post_tags: ['</em>'],
        fields: { name: { number_of_fragments: 0 }, description: { fragment_size: 150, number_of_fragments: 1 } },
      },
    }),
    _source: ['productId', 'name', 'description', 'category', 'price', 'currency', 'tags', 'createdAt'],
    ...(page.after && { search_after: page.after }),
  };
}
