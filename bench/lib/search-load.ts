import { withReadAliasFilter } from '../../src/indices/index-names';
import { runApart } from './run-apart';
import { join } from 'node:path';
import { percentile } from './report';
import { OwnCollections, PacedRun, RateRun, TimedRequest } from './search-rate-process';
import { USER_QUERIES } from './user-queries';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { buildProductSearch } from '../../src/search-api/product-query';
import { searchWithTypoFallback } from '../../src/search-api/typo-fallback';


export interface LatencyFigures {
  p50: number;
  p97_5: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** Requests that got no answer (not timed), and the first one's cause. */
  failed: number;
  firstFailure?: string;
  /** The slowest 1 % of requests, mean ms of each part: where the tail's time went. */
  slowest: TailParts;
  /** When each of the slowest 1 % was due, and the first and last request (epoch ms): to set against CPU over time. */
  slowestDue: number[];
  began: number;
  ended: number;
  /** The search load's own collections while timed: its pauses count in the requests' times. */
  ownCollections?: OwnCollections;
}

/** Mean ms over some requests: as the client saw them, and the parts their `Server-Timing` headers report. */
export interface TailParts {
  requests: number;
  total: number;
  /** The engine's own time (`took`). */
  engine: number;
  /** The engine calls as the service saw them, less the engine's own time: network, client, the service's event loop. */
  aroundEngine: number;
  /** The rest of the handler (building the query and the answer, a consistency wait). */
  restOfHandler: number;
  /** In the service before the handler: middleware, guards, validation. */
  beforeHandler: number;
  /** Outside the service: the client sending late, the request and answer on the wire, waits for the service's event loop, writing the answer. */
  outsideService: number;
  /** Of that, how late the client sent it. */
  sentLate: number;
}

/** The slowest 1 % broken down, as the report prints it. */
export const tailParts = (t: TailParts) =>
  `${t.requests} requests, ${t.total} ms: engine ${t.engine}, around the engine call ${t.aroundEngine}, rest of the handler ${t.restOfHandler}, before the handler ${t.beforeHandler}, outside the service ${t.outsideService} (sent late ${t.sentLate})`;

const slowestOf = (requests: TimedRequest[]) => [...requests].sort((x, y) => y.ms - x.ms).slice(0, Math.max(1, Math.ceil(requests.length / 100)));

/** When the slowest requests were due, in whole seconds into the run, runs of seconds joined: "18-20 (24), 45 (3)". */
export function tailMoments(f: LatencyFigures): string {
  const counts = new Map<number, number>();
  for (const at of f.slowestDue) {
    const second = Math.floor((at - f.began) / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  const seconds = [...counts.keys()].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < seconds.length; ) {
    let j = i;
    let n = counts.get(seconds[i])!;
    while (j + 1 < seconds.length && seconds[j + 1] === seconds[j] + 1) n += counts.get(seconds[++j])!;
    runs.push(`${seconds[i]}${j > i ? `-${seconds[j]}` : ''} (${n})`);
    i = j + 1;
  }
  return runs.join(', ');
}

function slowestParts(requests: TimedRequest[]): TailParts {
  const slow = slowestOf(requests);
  const mean = (part: (r: TimedRequest) => number) => Math.round(slow.reduce((sum, r) => sum + part(r), 0) / slow.length);
  const t = (r: TimedRequest, name: string) => r.serverTiming[name] ?? 0;
  return {
    requests: slow.length,
    total: mean((r) => r.ms),
    engine: mean((r) => t(r, 'engine')),
    aroundEngine: mean((r) => t(r, 'calls') - t(r, 'engine')),
    restOfHandler: mean((r) => t(r, 'handler') - t(r, 'calls')),
    beforeHandler: mean((r) => t(r, 'app') - t(r, 'handler')),
    outsideService: mean((r) => r.ms - t(r, 'app')),
    sentLate: mean((r) => r.sentLate),
  };
}


/** The search load's own collections as the report prints them. */
export const loadCollections = (f: LatencyFigures) =>
  f.ownCollections ? `${f.ownCollections.count}, ${f.ownCollections.ms} ms in all, the longest ${f.ownCollections.longestMs} ms` : 'not measured';

/** Latency figures as the report prints them. */
export const latency = (f: LatencyFigures) =>
  `${f.p50} / ${f.p97_5} / ${f.p99}, ${f.requests}, ${f.non2xx}${f.failed ? ` (and ${f.failed} with no answer: ${f.firstFailure})` : ''}`;

/** Figures of a list of timed requests. */
function figures({ ms: requests, non2xx, failed, firstFailure, ownCollections }: PacedRun): LatencyFigures {
  const sorted = requests.map((r) => Math.round(r.ms)).sort((x, y) => x - y);
  const dues = requests.map((r) => r.dueAt);
  return {
    p50: percentile(sorted, 50), p97_5: percentile(sorted, 97.5), p99: percentile(sorted, 99), requests: sorted.length, non2xx, failed, firstFailure,
    slowest: slowestParts(requests), slowestDue: slowestOf(requests).map((r) => r.dueAt), began: Math.min(...dues), ended: Math.max(...dues), ownCollections,
  };
}

/**
 * An evenly paced request rate against the service's product search, cycling through USER_QUERIES, from a
 * process of its own (search-rate-process.ts). Each request is sent at its own moment (every 1000/rate ms)
 * and timed from that moment, so a slow answer counts the wait it causes. Not autocannon: with a rate, each
 * of its connections sends its share of a second back to back and then waits for the next second, so
 * requests arrive in bursts; at the same 50/s its p50 was 6 ms with one connection and 37 ms with 16,
 * against the same service. With `warmupSeconds`, as many seconds at the same rate go first, timed apart.
 */
export async function searchAtRate(port: number, perSecond: number, seconds: number, warmupSeconds = 0): Promise<LatencyFigures & { warmup?: LatencyFigures }> {
  const run: RateRun = { port, perSecond, seconds, warmupSeconds };
  const { warmup, measured } = await runApart<Record<'warmup' | 'measured', PacedRun>>(join(__dirname, 'search-rate-process.ts'), run);
  return { ...figures(measured), ...(warmupSeconds > 0 && { warmup: figures(warmup) }) };
}

const p50 = (times: number[]) => percentile([...times].sort((a, b) => a - b), 50);

/** The cheapest text query worth comparing with: one `multi_match` on name and description. */
export const bareMatch = (q: string) => ({ size: 20, query: { multi_match: { query: q, fields: ['name', 'description'] } } });

/** The bare match inside the service's answer: the same page size, sort, facets, highlights and exact total. */
export const bareMatchAnswer = (q: string) => ({ ...buildProductSearch({ q }), query: bareMatch(q).query });

export interface QueryCost {
  /** Median ms of what the service does for a query: the exact query, and the typo-tolerant one when that finds too little. */
  service: number;
  /** The same with facets=none: no category facet, the count bounded at 1,000. */
  noFacets: number;
  /** The typo-tolerant query for every query, as before the fallback. */
  alwaysFuzzy: number;
  bare: number;
  bareAnswer: number;
  /** Queries of USER_QUERIES for which the service also ran the typo-tolerant query, and their median ms. */
  fellBack: string[];
  fellBackMedian: number;
}

/**
 * The product search the service runs, against a bare match on name and description, one request at a
 * time on the same index: median milliseconds of each over USER_QUERIES, `rounds` times (round 0 warms up).
 */
export async function queryCost(engine: SearchEngine, index: string, rounds = 10): Promise<QueryCost> {
  const search = (body: Record<string, unknown>) => engine.search(index, withReadAliasFilter(body));
  const fellBack = new Set<string>();
  const ways = {
    service: async (q: string) => {
      const page = await searchWithTypoFallback((typos) => search(buildProductSearch({ q }, { typos })), q, 20);
      if (page.typos) fellBack.add(q);
    },
    noFacets: (q: string) => searchWithTypoFallback((typos) => search(buildProductSearch({ q, facets: 'none' }, { typos })), q, 20),
    alwaysFuzzy: (q: string) => search(buildProductSearch({ q })),
    bare: (q: string) => search(bareMatch(q)),
    bareAnswer: (q: string) => search(bareMatchAnswer(q)),
  };
  const times: Record<keyof typeof ways, Map<string, number[]>> = { service: new Map(), noFacets: new Map(), alwaysFuzzy: new Map(), bare: new Map(), bareAnswer: new Map() };
  for (let round = 0; round <= rounds; round++) {
    for (const q of USER_QUERIES) {
      for (const name of Object.keys(ways) as (keyof typeof ways)[]) {
        const started = process.hrtime.bigint();
        await ways[name](q);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (round > 0) times[name].set(q, [...(times[name].get(q) ?? []), ms]);
      }
    }
  }
  const all = (name: keyof typeof ways, only?: Set<string>) => [...times[name]].filter(([q]) => !only || only.has(q)).flatMap(([, t]) => t);
  return {
    service: p50(all('service')),
    noFacets: p50(all('noFacets')),
    alwaysFuzzy: p50(all('alwaysFuzzy')),
    bare: p50(all('bare')),
    bareAnswer: p50(all('bareAnswer')),
    fellBack: [...fellBack],
    fellBackMedian: fellBack.size ? p50(all('service', fellBack)) : 0,
  };
}
