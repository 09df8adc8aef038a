import { waitFor } from '../support/integration';

describe('waitFor (test support)', () => {
  it('fails at once on a failed expectation inside the probe, instead of waiting it out', async () => {
    const started = Date.now();
    await expect(waitFor('never', async () => expect(1).toBe(2), { timeoutMs: 5_000, intervalMs: 10 })).rejects.toThrow(/toBe/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('retries a probe that throws an ordinary error until it answers', async () => {
    let calls = 0;
    const value = await waitFor('third call', async () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return calls;
    }, { intervalMs: 1 });
    expect(value).toBe(3);
  });
});
