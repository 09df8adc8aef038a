import { StartOnce } from '../../src/shared/start-once';

const never = () => new Promise<void>(() => undefined);

describe('StartOnce', () => {
  it('does not start after a stop that came first', async () => {
    const lifecycle = new StartOnce(1_000);
    await lifecycle.stop();
    let ran = false;
    await lifecycle.start(async () => void (ran = true));
    expect({ ran, stopping: lifecycle.stopping }).toEqual({ ran: false, stopping: true });
  });

  it('has a stop wait for a start under way to finish', async () => {
    const lifecycle = new StartOnce(5_000);
    const steps: string[] = [];
    void lifecycle.start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      steps.push(lifecycle.stopping ? 'start saw the stop' : 'start went on');
    });
    await lifecycle.stop();
    steps.push('stopped');
    expect(steps).toEqual(['start saw the stop', 'stopped']);
  });

  it('has a stop give up on a start held past the grace (a server out of reach)', async () => {
    const lifecycle = new StartOnce(100);
    void lifecycle.start(never);
    const began = Date.now();
    await lifecycle.stop();
    const waited = Date.now() - began;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(2_000);
  });

  it('has a stop that comes after a failed start return at once', async () => {
    const lifecycle = new StartOnce(5_000);
    await expect(lifecycle.start(() => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
    const began = Date.now();
    await lifecycle.stop();
    expect(Date.now() - began).toBeLessThan(1_000);
  });

  it('ends a start that fails because of the stop quietly, and reports one that fails on its own', async () => {
    const lifecycle = new StartOnce(5_000);
    const failsWhenStopped = lifecycle.start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (lifecycle.stopping) throw new Error('retry abandoned: stopping');
    });
    await lifecycle.stop();
    await expect(failsWhenStopped).resolves.toBeUndefined();
  });
});
