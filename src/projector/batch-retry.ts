import { retry, RetryOptions } from '../shared/retry';

/** Runs one named step of a batch (a bulk, a checkpoint read) until it succeeds or the batch is no longer wanted. */
export type Attempt = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

/** Retry settings for one batch: how to report a retry and when to stop (shutdown, lost partition). */
export type BatchRetry = Pick<RetryOptions, 'shouldContinue' | 'initialDelayMs' | 'maxDelayMs'> & {
  onRetry?: (operation: string, err: unknown, attempt: number) => void;
};

/** Each step retried with the batch's settings; `observed` hears of every retry too (metrics). */
export const attemptWith =
  (options: BatchRetry, observed?: (operation: string) => void): Attempt =>
  (operation, fn) =>
    retry(fn, {
      ...options,
      onRetry: (err, n) => {
        observed?.(operation);
        options.onRetry?.(operation, err, n);
      },
    });

/** A consumer's batch retries: each reported, and the group membership kept while an outage is waited out. */
export const consumerBatchRetry = (live: () => boolean, heartbeat: () => Promise<void>, report: (operation: string, error: Error, attempt: number) => void): BatchRetry => ({
  shouldContinue: live,
  onRetry: (operation, err, attempt) => {
    report(operation, err as Error, attempt);
    heartbeat().catch(() => undefined);
  },
});
