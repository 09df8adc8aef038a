import { buildProductSearch, rankedByScoreAlone } from '../../src/search-api/product-query';
import { inIdOrderWithinTies, leavingOut, nextPageStart, withShownCounted } from '../../src/search-api/tied-pages';
import { SearchHit } from '../../src/search-engine/search-engine.port';

const hit = (id: string, score: number, sort?: unknown[]): SearchHit => ({ id, score, source: {}, ...(sort && { sort }) });

describe('a later page that leaves out the hits page 1 showed tied', () => {
  const body = buildProductSearch({ q: 'dansskor', category: ['shoes'] }, { after: [2, ''] });

  it('leaves them out after the facets, and counts those that still match within the category', () => {
    const later = leavingOut(body, ['p-1', 'p-2']);
    const shown = { ids: { values: ['p-1', 'p-2'] } };
    expect(later.query).toBe(body.query);
    expect(later.post_filter).toEqual({ bool: { filter: [body.post_filter], must_not: [shown] } });
    expect(later.aggs).toEqual({ ...(body.aggs as object), shownBefore: { filter: { bool: { filter: [shown, body.post_filter] } } } });
  });

  it('adds them back to the total, and answers without the helper aggregation', () => {
    const result = withShownCounted({ total: 40, totalRelation: 'eq', hits: [], aggregations: { categories: { buckets: [] }, shownBefore: { doc_count: 3 } } });
    expect(result).toEqual({ total: 43, totalRelation: 'eq', hits: [], aggregations: { categories: { buckets: [] } } });
    expect(withShownCounted({ total: 5, totalRelation: 'eq', hits: [] })).toEqual({ total: 5, totalRelation: 'eq', hits: [] });
  });
});

describe('paging after a page ranked by score alone', () => {
  it('ranks a first page by relevance for some text by score alone, and every other page with the id tie-breaker', () => {
    expect(rankedByScoreAlone({ q: 'bugg' }, {})).toBe(true);
    expect(buildProductSearch({ q: 'bugg' }).sort).toEqual([{ _score: 'desc' }]);
    expect(rankedByScoreAlone({ q: 'bugg' }, { after: [1.5, ''] })).toBe(false);
    expect(rankedByScoreAlone({ q: 'bugg', sort: 'price_asc' }, {})).toBe(false);
    expect(rankedByScoreAlone({}, {})).toBe(false);
    expect(buildProductSearch({ q: 'bugg' }, { after: [1.5, ''] }).sort).toEqual([{ _score: 'desc' }, { productId: 'asc' }]);
  });

  it('orders ties inside the page by id, as the tie-breaker would', () => {
    const page = inIdOrderWithinTies([hit('c', 3), hit('b', 2), hit('a', 2), hit('z', 1)]);
    expect(page.map((h) => h.id)).toEqual(['c', 'a', 'b', 'z']);
  });

  it('starts the next page at the last score, before every id, leaving out the hits shown with that score', () => {
    expect(nextPageStart([hit('c', 3), hit('a', 2), hit('b', 2)], true)).toEqual({ after: [2, ''], tied: { score: 2, ids: ['a', 'b'] } });
  });

  it('keeps leaving them out while later pages end at that score, and drops them after', () => {
    const tied = { score: 2, ids: ['a', 'b'] };
    expect(nextPageStart([hit('d', 2, [2, 'd']), hit('e', 2, [2, 'e'])], false, tied)).toEqual({ after: [2, 'e'], tied });
    expect(nextPageStart([hit('e', 2, [2, 'e']), hit('f', 1, [1, 'f'])], false, tied)).toEqual({ after: [1, 'f'] });
    expect(nextPageStart([], false, tied)).toBeUndefined();
  });
});
