/**
 * kafkajs 2.2.4 (the last release) keeps every broker connection busy when nothing waits: its request
 * queue re-arms a timer for "pending requests" after each check, and with none pending and no throttling
 * the delay is negative, so it fires every millisecond, forever (tulios/kafkajs#1556 and #1704; the fix,
 * #1667, was never released). An idle service paid for it in CPU and in garbage (a Timeout and a closure
 * per connection per millisecond), which its searches met as scavenges. This applies that fix: a check is
 * scheduled only while requests wait, at the end of a throttle or after kafkajs's usual 10 ms; a request
 * that cannot be sent at once still schedules its own check when it is queued.
 */
export const FIXED_KAFKAJS_VERSION = '2.2.4';
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The part of kafkajs's internal RequestQueue this fix touches. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && untilUnthrottled <= 0) return;
  const delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/**
 * Patches kafkajs's RequestQueue once per process; a no-op on any other kafkajs version than the one this
 * fix was written against (an upgrade must check whether it still applies: a unit test pins the version).
 */
export function fixKafkajsIdleLoop(): boolean {
  if ((require('kafkajs/package.json') as { version: string }).version !== FIXED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}
