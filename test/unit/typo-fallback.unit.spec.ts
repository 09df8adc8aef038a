import { canHaveTypos, searchWithTypoFallback } from '../../src/search-api/typo-fallback';
import { SearchResult } from '../../src/search-engine/search-engine.port';

/** A search that answers `exact` hits without typos and `fuzzy` with, and records which it was asked. */
function searchFinding(exact: number, fuzzy: number) {
  const asked: boolean[] = [];
  const search = async (typos: boolean): Promise<SearchResult> => {
    asked.push(typos);
    return { total: typos ? fuzzy : exact, totalRelation: 'eq', hits: [] };
  };
  return { search, asked };
}

describe('typo tolerance only when the exact words find too little', () => {
  it('answers with the exact query alone when it fills the page', async () => {
    const { search, asked } = searchFinding(20, 25);
    expect(await searchWithTypoFallback(search, 'dansskor', 20)).toEqual({ result: { total: 20, totalRelation: 'eq', hits: [] }, typos: false });
    expect(asked).toEqual([false]);
  });

  it('runs the typo-tolerant query when the exact one finds fewer hits than the page holds', async () => {
    const { search, asked } = searchFinding(3, 9);
    expect(await searchWithTypoFallback(search, 'foxtrott pumps', 20)).toEqual({ result: { total: 9, totalRelation: 'eq', hits: [] }, typos: true });
    expect(asked).toEqual([false, true]);
  });

  it('does not ask again when no word is long enough to be fuzzed', async () => {
    const { search, asked } = searchFinding(0, 4);
    expect((await searchWithTypoFallback(search, 'da fox', 20)).typos).toBe(false);
    expect(asked).toEqual([false]);
  });

  it('continues a later page with the query its cursor names, whatever the exact query would find now', async () => {
    const withTypos = searchFinding(50, 60);
    expect((await searchWithTypoFallback(withTypos.search, 'foxtrott', 20, true)).typos).toBe(true);
    expect(withTypos.asked).toEqual([true]);
    const exact = searchFinding(0, 60);
    expect((await searchWithTypoFallback(exact.search, 'foxtrott', 20, false)).typos).toBe(false);
    expect(exact.asked).toEqual([false]);
  });

  it.each([
    ['nyborjare', true],
    ['bugg vals', false],
    ['Älvdalen', true],
    ['', false],
    [undefined, false],
    ['12345', true],
  ])('%s can have typos: %s', (q, expected) => {
    expect(canHaveTypos(q)).toBe(expected);
  });
});
