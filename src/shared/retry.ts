import { isRetriable } from './retriable-error';

export interface RetryOptions {
  /** First delay; doubled each attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before giving up; Infinity for outages that must never skip an event. */
  maxAttempts?: number;
  /** Stops retrying (rethrowing the last error) when it returns false, e.g. on shutdown or a rebalance. */
  shouldContinue?: () => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  isRetriable?: (err: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Capped exponential backoff with full jitter, so many instances recovering together do not stampede. */
export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const cap = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/**
 * Runs `fn` until it succeeds. Only errors classified retriable are retried; anything else (a bug, a
 * rejected document) is rethrown at once, since waiting would not change the answer.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    initialDelayMs = 200,
    maxDelayMs = 10_000,
    maxAttempts = Infinity,
    shouldContinue = () => true,
    onRetry,
    isRetriable: retriable = isRetriable,
    sleep: wait = sleep,
  } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!retriable(err) || attempt >= maxAttempts || !shouldContinue()) throw err;
      const delay = backoffDelay(attempt, initialDelayMs, maxDelayMs);
      await onRetry?.(err, attempt, delay);
      await wait(delay);
      if (!shouldContinue()) throw err;
    }
  }
}
