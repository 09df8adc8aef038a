/**
 * The paced search load as a process of its own (`searchAtRate` starts it): the benchmark process holds
 * a million generated events, and its garbage collection paused the timing of requests in flight, which
 * showed as a tail that was not the service's.
 */
import { Agent, get, IncomingHttpHeaders } from 'node:http';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { collectOwnHeap } from './own-heap';
import { userSearchPath } from './user-queries';
import { parseServerTiming } from '../../src/search-api/engine-timing';

export interface RateRun {
  port: number;
  perSecond: number;
  seconds: number;
  /** Sent before the measured seconds at the same rate, timed apart: a service's and an engine's first requests. */
  warmupSeconds: number;
}

/** A request's time (ms from when it was due) and the parts of it its `Server-Timing` header reports. */
export interface TimedRequest {
  ms: number;
  /** When it was due: epoch ms. */
  dueAt: number;
  /** How late this process sent it: its own timer's delay, not the service's. */
  sentLate: number;
  serverTiming: Record<string, number>;
}

/** What one paced run saw: each answered request, and those that got no answer at all (a reset socket, a refusal). */
export interface PacedRun {
  ms: TimedRequest[];
  non2xx: number;
  failed: number;
  /** The first failure's cause, e.g. `ECONNRESET`. */
  firstFailure?: string;
  /** This process's own garbage collections meanwhile: each held its answers back, and counts in their times. */
  ownCollections?: OwnCollections;
}

export interface OwnCollections {
  count: number;
  ms: number;
  longestMs: number;
}

/** Watches this process's collections until the returned function is called. */
function watchOwnCollections(): () => OwnCollections {
  const seen: OwnCollections = { count: 0, ms: 0, longestMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const { duration } of list.getEntries()) Object.assign(seen, { count: seen.count + 1, ms: seen.ms + duration, longestMs: Math.max(seen.longestMs, duration) });
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => (observer.disconnect(), { count: seen.count, ms: Math.round(seen.ms), longestMs: Math.round(seen.longestMs) });
}

// node:http with keep-alive rather than fetch: for the same 2,000 paced searches this process used 3.2–3.4 s of
// CPU against 5.0–5.4 s with fetch, taken from the two cores the service and the engine share.
const agent = new Agent({ keepAlive: true });

/** A GET whose answer is read to the end: its status and headers. */
function getAnswer(url: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      res.on('error', reject);
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    }).on('error', reject);
  });
}

/**
 * Each request, timed from the moment it was due (not when it was sent), in order of sending. A request that
 * gets no answer is counted, not timed: one reset socket must not lose a whole run's figures.
 */
async function paced(run: RateRun, seconds: number): Promise<PacedRun> {
  const ms: TimedRequest[] = [];
  const pending: Promise<void>[] = [];
  const result: PacedRun = { ms, non2xx: 0, failed: 0 };
  const started = performance.now();
  const epochAtStart = Date.now() - started;
  for (let n = 0; n < run.perSecond * seconds; n++) {
    const due = started + (n * 1000) / run.perSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const sentLate = performance.now() - due;
    pending.push(
      getAnswer(`http://127.0.0.1:${run.port}${userSearchPath(n)}`).then((res) => {
        if (res.status < 200 || res.status > 299) result.non2xx++;
        const timing = res.headers['server-timing'];
        ms[n] = { ms: performance.now() - due, dueAt: Math.round(epochAtStart + due), sentLate, serverTiming: parseServerTiming(Array.isArray(timing) ? timing.join(', ') : timing ?? null) };
      }, (err: Error & { code?: string }) => {
        result.failed++;
        result.firstFailure ??= err.code ?? err.message;
      }),
    );
  }
  await Promise.all(pending);
  return { ...result, ms: ms.filter(Boolean) };
}

async function main(): Promise<void> {
  const run = JSON.parse(process.argv[2]) as RateRun;
  const warmup: PacedRun = run.warmupSeconds > 0 ? await paced(run, run.warmupSeconds) : { ms: [], non2xx: 0, failed: 0 };
  // Its first major collection came 13-16 s in, inside the timed minute (56 ms in one run, its 11 slowest in
  // that second): collected here, with the memory reducer off (runApart), the timed run starts from a small heap.
  collectOwnHeap();
  const collections = watchOwnCollections();
  const measured = { ...(await paced(run, run.seconds)), ownCollections: collections() };
  process.stdout.write(JSON.stringify({ warmup, measured }));
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
