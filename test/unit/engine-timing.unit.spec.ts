import { EngineTiming, parseServerTiming } from '../../src/search-api/engine-timing';
import { SearchResult } from '../../src/search-engine/search-engine.port';

const dur = (header: string, name: string) => parseServerTiming(header)[name];
const answer = (tookMs: number): SearchResult => ({ total: 0, totalRelation: 'eq', hits: [], tookMs });
const after = (ms: number, result: SearchResult) => () => new Promise<SearchResult>((resolve) => setTimeout(() => resolve(result), ms));

describe('EngineTiming', () => {
  it('sums the engine took and the calls around it over every search of a request', async () => {
    const timing = new EngineTiming();
    await timing.timed(after(20, answer(7)));
    await timing.timed(after(20, answer(5)));
    const header = timing.header();
    expect(dur(header, 'engine')).toBe(12);
    expect(header).toContain('desc="engine took, 2 searches"');
    expect(dur(header, 'calls')).toBeGreaterThanOrEqual(38);
    expect(dur(header, 'handler')).toBeGreaterThanOrEqual(dur(header, 'calls'));
  });

  it('passes the answer through and counts an answer without took as no engine time', async () => {
    const timing = new EngineTiming();
    const result = { total: 3, totalRelation: 'eq' as const, hits: [] };
    await expect(timing.timed(after(0, result))).resolves.toBe(result);
    expect(dur(timing.header(), 'engine')).toBe(0);
    expect(timing.header()).toContain('desc="engine took, 1 search"');
  });
});
