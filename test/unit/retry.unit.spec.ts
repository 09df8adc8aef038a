import { backoffDelay, retry } from '../../src/shared/retry';
import { ClassifiedError } from '../../src/shared/retriable-error';
import { classifyClientError } from '../../src/search-engine/search-engine.error';

const noSleep = () => Promise.resolve();

describe('retry', () => {
  it('retries retriable errors until success', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 4) throw new ClassifiedError('down', true);
        return 'ok';
      },
      { sleep: noSleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
  });

  it('never retries an error that is not retriable', async () => {
    let calls = 0;
    await expect(
      retry(async () => {
        calls += 1;
        throw new ClassifiedError('bad request', false);
      }, { sleep: noSleep }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('stops when told to, rethrowing the last error', async () => {
    let calls = 0;
    await expect(
      retry(async () => {
        calls += 1;
        throw new ClassifiedError('down', true);
      }, { sleep: noSleep, shouldContinue: () => calls < 3 }),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(30, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(30, 100, 10_000, () => 0)).toBe(5_000);
  });
});

describe('classifyClientError', () => {
  it.each([
    [{ name: 'ConnectionError', message: 'connect ECONNREFUSED' }, true],
    [{ name: 'TimeoutError', message: 'Request timed out' }, true],
    [{ name: 'ResponseError', statusCode: 429, message: 'too many' }, true],
    [{ name: 'ResponseError', statusCode: 503, message: 'unavailable' }, true],
    [{ name: 'ResponseError', statusCode: 400, message: 'mapper_parsing_exception' }, false],
    [{ name: 'ResponseError', meta: { statusCode: 404 }, message: 'index_not_found' }, false],
  ])('classifies %o as retriable=%s', (err, retriable) => {
    expect(classifyClientError(err, 'op').retriable).toBe(retriable);
  });
});
