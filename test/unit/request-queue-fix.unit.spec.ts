import { FIXED_KAFKAJS_VERSION, fixKafkajsIdleLoop, RequestQueueInternals } from '../../src/kafka/request-queue-fix';
import { sleep } from '../../src/shared/retry';
import { waitFor } from '../support/integration';

// kafkajs's internal request queue, one per broker connection.
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => RequestQueueInternals & {
  push(request: Record<string, unknown>): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer | null; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
};

const silent = { debug: () => undefined, warn: () => undefined, info: () => undefined, error: () => undefined };
const queue = (maxInFlightRequests: number | null = null) =>
  new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: silent });

/** A request as a connection pushes it; `sent` counts how often it went onto the socket. */
function request(correlationId: number) {
  const state = { sent: 0, resolved: false };
  const entry = { correlationId, apiName: 'Fetch', apiKey: 1, apiVersion: 11, resolve: () => (state.resolved = true), reject: () => undefined };
  return { state, pushed: { entry, expectResponse: true, sendRequest: () => state.sent++ } };
}

const quickly = { timeoutMs: 2000, intervalMs: 5 };

describe('the fix of kafkajs 2.2.4 request queues spinning on a 1 ms timer', () => {
  beforeAll(() => expect(fixKafkajsIdleLoop()).toBe(true));

  it('is written for the kafkajs version installed (check whether it still applies before upgrading)', () => {
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(FIXED_KAFKAJS_VERSION);
  });

  it('arms no timer once a connection has nothing waiting', () => {
    const q = queue();
    const a = request(1);
    q.push(a.pushed);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(a.state).toEqual({ sent: 1, resolved: true });
    // Unfixed, every check re-armed a timer with a negative delay, which fired again at once.
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still sends a request that waited for a free in-flight slot, and then rests', async () => {
    const q = queue(1);
    const [a, b] = [request(1), request(2)];
    q.push(a.pushed);
    q.push(b.pushed);
    expect([a.state.sent, b.state.sent]).toEqual([1, 0]);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(b.state.sent).toBe(1);
    q.fulfillRequest({ correlationId: 2, payload: null, size: 0 });
    expect(b.state.resolved).toBe(true);
    // The check armed while the request waited fires once more, finds nothing, and arms no other.
    await waitFor('the last check to fire', async () => q.throttleCheckTimeoutId === null, quickly);
    await sleep(30);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('sends a request queued behind a broker throttle once the throttle ends', async () => {
    const q = queue();
    q.maybeThrottle(50);
    const a = request(1);
    q.push(a.pushed);
    expect(a.state.sent).toBe(0);
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    await waitFor('the throttled request to be sent', async () => a.state.sent === 1, quickly);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.destroy();
  });
});
