import { withReadAliasFilter } from '../../src/indices/index-names';
import { percentile } from './report';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { buildProductSearch } from '../../src/search-api/product-query';
import { searchWithTypoFallback } from '../../src/search-api/typo-fallback';

/** What users type: whole words, Swedish compounds, typos, prefixes being typed, several words. */
export const USER_QUERIES = [
  'dansskor', 'dansskr', 'dansskor herr', 'foxtrot pumps', 'foxtrott', 'balklanning siden', 'bugg', 'vals', 'tango',
  'danskjol', 'schottis klassiker', 'polka', 'lindy hop', 'nyborjare', 'golvvax', 'halkskydd', 'biljett', 'midsommar',
  'dans', 'da', 'fox', 'salsa dam', 'läder', 'ekologisk', 'rea', 'swing', 'klänning', 'skjorta linne', 'knaskydd', 'solfjader',
];

export interface LatencyFigures {
  p50: number;
  p97_5: number;
  p99: number;
  requests: number;
  non2xx: number;
}


/**
 * An evenly paced request rate against the service's product search, cycling through USER_QUERIES. Each
 * request is sent at its own moment (every 1000/rate ms) and timed from that moment, so a slow answer
 * counts the wait it causes. Not autocannon: with a rate, each of its connections sends its share of a second
 * back to back and then waits for the next second, so requests arrive in bursts; at the same 50/s its p50 was
 * 6 ms with one connection and 37 ms with 16, against the same service.
 */
export async function searchAtRate(port: number, perSecond: number, seconds: number): Promise<LatencyFigures> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let non2xx = 0;
  const started = Date.now();
  for (let n = 0; n < perSecond * seconds; n++) {
    const due = started + (n * 1000) / perSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const path = `/search/products?q=${encodeURIComponent(USER_QUERIES[n % USER_QUERIES.length])}&size=20`;
    pending.push(
      fetch(`http://127.0.0.1:${port}${path}`).then(async (res) => {
        await res.arrayBuffer();
        if (res.status < 200 || res.status > 299) non2xx++;
        latencies.push(Date.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  const sorted = latencies.sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p97_5: percentile(sorted, 97.5), p99: percentile(sorted, 99), requests: sorted.length, non2xx };
}

const p50 = (times: number[]) => percentile([...times].sort((a, b) => a - b), 50);

/** The cheapest text query worth comparing with: one `multi_match` on name and description. */
export const bareMatch = (q: string) => ({ size: 20, query: { multi_match: { query: q, fields: ['name', 'description'] } } });

/** The bare match inside the service's answer: the same page size, sort, facets, highlights and exact total. */
export const bareMatchAnswer = (q: string) => ({ ...buildProductSearch({ q }), query: bareMatch(q).query });

export interface QueryCost {
  /** Median ms of what the service does for a query: the exact query, and the typo-tolerant one when that finds too little. */
  service: number;
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
    alwaysFuzzy: (q: string) => search(buildProductSearch({ q })),
    bare: (q: string) => search(bareMatch(q)),
    bareAnswer: (q: string) => search(bareMatchAnswer(q)),
  };
  const times: Record<keyof typeof ways, Map<string, number[]>> = { service: new Map(), alwaysFuzzy: new Map(), bare: new Map(), bareAnswer: new Map() };
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
    alwaysFuzzy: p50(all('alwaysFuzzy')),
    bare: p50(all('bare')),
    bareAnswer: p50(all('bareAnswer')),
    fellBack: [...fellBack],
    fellBackMedian: fellBack.size ? p50(all('service', fellBack)) : 0,
  };
}
