import { positionBatch, writesBehind } from '../../src/projector/batch-position';

describe('positionBatch (where a fetched batch starts against the index checkpoint)', () => {
  it('seeks back once when the group offset is ahead of the index', () => {
    expect(positionBatch(500, 120, false)).toEqual({ kind: 'seek', to: 120 });
  });

  it('projects from the checkpoint after having sought once, so gaps in offsets cannot loop', () => {
    expect(positionBatch(500, 120, true)).toEqual({ kind: 'project', from: 120 });
  });

  it('projects from the next offset when the batch starts at or before it (already stored messages are skipped)', () => {
    expect(positionBatch(100, 120, false)).toEqual({ kind: 'project', from: 120 });
    expect(positionBatch(120, 120, false)).toEqual({ kind: 'project', from: 120 });
  });
});

describe('writesBehind (store later while far behind, at once near the end)', () => {
  const base = { highWatermark: 10_000, firstOffset: 0, minLag: 2000 };

  it('defers while the lag after the batch is above the limit', () => {
    expect(writesBehind({ ...base, lastOffset: 499 })).toBe(true);
  });

  it('stores at once when the batch ends within the limit of the partition end', () => {
    expect(writesBehind({ ...base, lastOffset: 7999 })).toBe(false);
    expect(writesBehind({ ...base, lastOffset: 9999 })).toBe(false);
  });

  it('stores every batch at once while a rejected stretch is redone', () => {
    expect(writesBehind({ ...base, lastOffset: 499, preciseThrough: 800 })).toBe(false);
    expect(writesBehind({ ...base, firstOffset: 801, lastOffset: 999, preciseThrough: 800 })).toBe(true);
  });
});
