import { buildDanceHallSearch, distanceSortIndex } from '../../src/search-api/dance-hall-query';
import { BOUNDED_TOTAL, buildProductSearch } from '../../src/search-api/product-query';

describe('product query builder', () => {
  it('matches everything without text, sorts by score with an id tie-breaker, and facets categories', () => {
    const body = buildProductSearch({});
    expect(body).toMatchObject({ size: 20, query: { bool: { must: [{ match_all: {} }], filter: [] } }, sort: [{ _score: 'desc' }, { productId: 'asc' }] });
    expect(body.aggs).toEqual({ categories: { terms: { field: 'category', size: 50 } } });
    expect(body).not.toHaveProperty('highlight');
  });

  it('leaves out the facet and bounds the count when asked for no facets (facets=none)', () => {
    const body = buildProductSearch({ q: 'dansskor', facets: 'none' });
    expect(body).not.toHaveProperty('aggs');
    expect(body.track_total_hits).toBe(BOUNDED_TOTAL);
    expect(buildProductSearch({ q: 'dansskor', facets: 'categories' }).track_total_hits).toBe(true);
  });

  it('filters tags (all of them) and a price range, and narrows categories after the facet', () => {
    const body = buildProductSearch({ tags: ['bugg', 'vals'], minPrice: 100, category: ['shoes'], sort: 'price_desc', size: 5 }, { after: [499, 'p-9'] });
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toEqual([{ term: { tags: 'bugg' } }, { term: { tags: 'vals' } }, { range: { price: { gte: 100 } } }]);
    expect(body.post_filter).toEqual({ terms: { category: ['shoes'] } });
    expect(body).toMatchObject({ size: 5, sort: [{ price: 'desc' }, { productId: 'asc' }], search_after: [499, 'p-9'] });
  });

  it('treats user text as words, never as query syntax, and highlights it', () => {
    const body = buildProductSearch({ q: '  name:(x OR y)  ' });
    const text = JSON.stringify(body.query);
    expect(text).not.toContain('query_string');
    expect(text).toContain('"query":"name:(x OR y)"');
    expect(body.highlight).toBeDefined();
  });
});

describe('dance hall query builder', () => {
  const centre = { lat: 63.18, lon: 14.64, radiusKm: 50 };

  it('with a centre and no text, filters the radius and sorts by distance first', () => {
    const body = buildDanceHallSearch({ city: 'Östersund' }, centre);
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toEqual([
      { term: { 'city.keyword': 'Östersund' } },
      { geo_distance: { distance: '50km', location: { lat: 63.18, lon: 14.64 } } },
    ]);
    expect((body.sort as unknown[])[0]).toHaveProperty('_geo_distance');
    expect(distanceSortIndex({}, centre)).toBe(0);
  });

  it('with text and a centre, sorts by score, then distance, then id', () => {
    const body = buildDanceHallSearch({ q: 'logen' }, centre);
    expect((body.sort as Record<string, unknown>[]).map((s) => Object.keys(s)[0])).toEqual(['_score', '_geo_distance', 'danceHallId']);
    expect(distanceSortIndex({ q: 'logen' }, centre)).toBe(1);
    expect(distanceSortIndex({ q: 'logen' }, undefined)).toBeUndefined();
  });
});
