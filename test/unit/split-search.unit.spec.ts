import { buildProductSearch, rankedByScoreAlone } from '../../src/search-api/product-query';
import { countRequest, hitsRequest, inIdOrderWithinTies, nextPageStart, searchSplit } from '../../src/search-api/split-search';
import { SearchHit } from '../../src/search-engine/search-engine.port';

const hit = (id: string, score: number, sort?: unknown[]): SearchHit => ({ id, score, source: {}, ...(sort && { sort }) });

describe('a search split into ranked hits and a count with facets', () => {
  const body = buildProductSearch({ q: 'dansskor', category: ['shoes'] });

  it('ranks without an exact total or facets, and leaves out the ids it is given', () => {
    const hits = hitsRequest(body, ['p-1', 'p-2']);
    expect(hits).toMatchObject({ track_total_hits: false, size: 20, post_filter: body.post_filter, highlight: body.highlight });
    expect(hits).not.toHaveProperty('aggs');
    expect(hits.query).toEqual({ bool: { must: [body.query], must_not: [{ ids: { values: ['p-1', 'p-2'] } }] } });
    expect(hitsRequest(body).query).toBe(body.query);
  });

  it('counts the same matches unscored, narrowed by post_filter, with the facets over the whole query', () => {
    expect(countRequest(body)).toEqual({
      size: 0,
      track_total_hits: true,
      query: { constant_score: { filter: body.query } },
      post_filter: body.post_filter,
      aggs: body.aggs,
    });
  });

  it('answers with the hits of one request and the total and facets of the other, the exclusion only in the hits', async () => {
    const bodies: Record<string, unknown>[] = [];
    const result = await searchSplit(async (b) => {
      bodies.push(b);
      return b.size === 0 ? { total: 42, hits: [], aggregations: { categories: { buckets: [] } } } : { total: 0, hits: [hit('p-3', 2)] };
    }, body, ['p-1']);
    expect(result).toEqual({ total: 42, hits: [hit('p-3', 2)], aggregations: { categories: { buckets: [] } } });
    expect(JSON.stringify(bodies.find((b) => b.size === 0))).not.toContain('must_not');
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
