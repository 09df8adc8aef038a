import { PositionWatcher } from '../../src/consistency/position-watcher';
import { SearchEngine } from '../../src/search-engine/search-engine.port';

/** The two calls a watcher makes, answered from a checkpoint table the test moves. */
class CheckpointTable {
  polls = 0;
  hang = false;
  index = 'p-000001';
  offsets = new Map<number, number>();

  asEngine(): SearchEngine {
    const engine: Pick<SearchEngine, 'aliasTargets' | 'search' | 'refresh'> = {
      aliasTargets: async () => [this.index],
      refresh: async () => undefined,
      search: async () => {
        this.polls++;
        if (this.hang) await new Promise(() => undefined);
        return {
          total: this.offsets.size,
          totalRelation: 'eq',
          hits: [...this.offsets].map(([partition, offset]) => ({ id: `c${partition}`, score: null, source: { checkpoint: { topic: 't', partition, offset } } })),
        };
      },
    };
    return engine as SearchEngine;
  }
}

const reached = (partition: number, offset: number) => (s: { offsets: ReadonlyMap<string, number> }) => (s.offsets.get(`t:${partition}`) ?? -1) >= offset;
const options = { pollMs: 20, nudgeBeforeMs: 0, preference: 'x' };

describe('PositionWatcher', () => {
  it('polls once per interval for any number of waiters, and not at all when none wait', async () => {
    const table = new CheckpointTable();
    const watcher = new PositionWatcher(table.asEngine(), 'p', options);
    const started = Date.now();
    const waits = Array.from({ length: 200 }, (_, i) => watcher.waitUntil(reached(i % 3, 50), started + 5000));
    setTimeout(() => [0, 1, 2].forEach((p) => table.offsets.set(p, 60)), 300);
    const views = await Promise.all(waits);
    expect(views.every((v) => v?.index === 'p-000001')).toBe(true);
    const elapsed = Date.now() - started;
    expect(table.polls).toBeLessThanOrEqual(Math.ceil(elapsed / options.pollMs) + 2);
    const after = table.polls;
    await new Promise((r) => setTimeout(r, 100));
    expect(table.polls).toBe(after);
  });

  it('answers undefined at the deadline, even while a poll hangs', async () => {
    const table = new CheckpointTable();
    table.hang = true;
    const watcher = new PositionWatcher(table.asEngine(), 'p', options);
    const started = Date.now();
    await expect(watcher.waitUntil(reached(0, 1), started + 150)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('counts an offset as passed only once the checkpoint is at or past it, in the index the alias names now', async () => {
    const table = new CheckpointTable();
    table.offsets.set(0, 9);
    const watcher = new PositionWatcher(table.asEngine(), 'p', options);
    const wait = watcher.waitUntil(reached(0, 10), Date.now() + 5000);
    await new Promise((r) => setTimeout(r, 100));
    table.index = 'p-000002';
    table.offsets = new Map([[0, 10]]);
    await expect(wait).resolves.toMatchObject({ index: 'p-000002' });
  });
});
