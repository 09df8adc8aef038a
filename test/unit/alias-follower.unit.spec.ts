import { AliasFollower } from '../../src/projector/alias-follower';
import { SearchEngine } from '../../src/search-engine/search-engine.port';

/** The one call a follower makes, answered from a target the test moves (or breaks). */
function aliasAt(target: { index: string; down?: boolean }): SearchEngine {
  return {
    aliasTargets: async () => {
      if (target.down) throw new Error('engine unreachable');
      return [target.index];
    },
  } as Pick<SearchEngine, 'aliasTargets'> as SearchEngine;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AliasFollower', () => {
  it('follows a moved alias on its timer, without any batch asking, and reports the move once', async () => {
    const target = { index: 'p-000001' };
    const moves: string[] = [];
    const follower = new AliasFollower(aliasAt(target), 'p', 20, async (from, to) => void moves.push(`${from}→${to}`));
    follower.start('p-000001', () => undefined);
    target.index = 'p-000002';
    await tick(100);
    follower.stop();
    expect(moves).toEqual(['p-000001→p-000002']);
    expect(follower.current).toBe('p-000002');
  });

  it('undoes a move whose follow-up failed, so the next look tries again', async () => {
    const target = { index: 'p-000002' };
    let attempts = 0;
    const follower = new AliasFollower(aliasAt(target), 'p', 10_000, async () => {
      if (++attempts === 1) throw new Error('checkpoints unreadable');
    });
    follower.start('p-000001', () => undefined);
    await expect(follower.check()).rejects.toThrow('checkpoints unreadable');
    expect(follower.current).toBe('p-000001');
    await follower.check();
    expect({ attempts, current: follower.current }).toEqual({ attempts: 2, current: 'p-000002' });
  });

  it('keeps the known index when the engine does not answer, and reports the outage once', async () => {
    const target = { index: 'p-000001', down: true };
    const errors: string[] = [];
    const follower = new AliasFollower(aliasAt(target), 'p', 1, async () => undefined);
    follower.start('p-000001', (err) => errors.push(err.message));
    await tick(5);
    expect(await follower.resolve()).toBe('p-000001');
    await tick(5);
    expect(await follower.resolve()).toBe('p-000001');
    follower.stop();
    expect(errors).toEqual(['engine unreachable']);
  });
});
