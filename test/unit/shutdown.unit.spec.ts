import { closeWithin, shutdownExit } from '../../src/ops/shutdown';

describe('closeWithin', () => {
  it('reports a close that finishes in time, and exits 0', async () => {
    const outcome = await closeWithin(async () => undefined, 1000);
    expect(outcome).toEqual({ kind: 'closed' });
    expect(shutdownExit(outcome, 1000)).toEqual({ code: 0 });
  });

  it('reports a close that fails, with its reason, and exits 1', async () => {
    const outcome = await closeWithin(() => Promise.reject(new Error('producer disconnect refused')), 1000);
    expect(shutdownExit(outcome, 1000)).toEqual({ code: 1, message: 'shutdown failed: producer disconnect refused' });
  });

  it('gives up on a close still running at its deadline, exits 1 and names the setting', async () => {
    const started = Date.now();
    const outcome = await closeWithin(() => new Promise<void>(() => undefined), 50);
    expect(outcome).toEqual({ kind: 'timed-out' });
    expect(Date.now() - started).toBeLessThan(1000);
    const exit = shutdownExit(outcome, 50);
    expect(exit.code).toBe(1);
    expect(exit.message).toMatch(/did not finish within 50 ms \(SHUTDOWN_TIMEOUT_MS\)/);
  });
});
