import { CatchUpCompaction } from '../../src/projector/catch-up-compaction';
import { SearchEngine } from '../../src/search-engine/search-engine.port';

/** Records which indices were asked to expunge their deleted documents. */
function recordingEngine() {
  const expunged: string[] = [];
  const engine = {
    documentCounts: async () => ({ live: 10, deleted: 0 }),
    expungeDeletes: async (index: string) => void expunged.push(index),
    refresh: async () => undefined,
  } as unknown as SearchEngine;
  return { engine, expunged };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('merging away a replay\'s deleted copies once it is caught up', () => {
  afterEach(() => jest.useRealTimers());

  it('asks once the last partition that was catching up is caught up, and again after the retention lease moved', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { engine, expunged } = recordingEngine();
    const compaction = new CatchUpCompaction(engine, () => undefined, true);
    compaction.observe('idx', 0, true);
    compaction.observe('idx', 1, true);
    compaction.observe('idx', 2, false); // never caught up from anything
    compaction.observe('idx', 0, false);
    await settle();
    expect(expunged).toEqual([]);
    compaction.observe('idx', 1, false);
    await settle();
    expect(expunged).toEqual(['idx']);
    compaction.observe('idx', 1, false); // live batches after that ask for nothing more
    await settle();
    jest.advanceTimersByTime(35_000);
    await settle();
    expect(expunged).toEqual(['idx', 'idx']);
  });

  it('does not wait for partitions another member holds now', async () => {
    const { engine, expunged } = recordingEngine();
    const compaction = new CatchUpCompaction(engine, () => undefined, true);
    compaction.observe('idx', 0, true);
    compaction.observe('idx', 3, true);
    compaction.keepOnly([0, 1]);
    compaction.observe('idx', 0, false);
    await settle();
    expect(expunged).toEqual(['idx']);
    compaction.stop();
  });

  it('asks for nothing when turned off (EXPUNGE_DELETES_AFTER_REPLAY=false) and no second pass after stop', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const off = recordingEngine();
    const disabled = new CatchUpCompaction(off.engine, () => undefined, false);
    disabled.observe('idx', 0, true);
    disabled.observe('idx', 0, false);
    await settle();
    expect(off.expunged).toEqual([]);
    const on = recordingEngine();
    const stopped = new CatchUpCompaction(on.engine, () => undefined, true);
    stopped.observe('idx', 0, true);
    stopped.observe('idx', 0, false);
    stopped.stop();
    jest.advanceTimersByTime(60_000);
    await settle();
    expect(on.expunged).toEqual(['idx']);
  });
});
