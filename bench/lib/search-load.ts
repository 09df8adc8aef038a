import { withReadAliasFilter } from '../../src/indices/index-names';
import { percentile } from './report';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { buildProductSearch } from '../../src/search-api/product-query';

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

/**
 * The typo-tolerant product query the service sends, against a bare match on name and description, one
 * request at a time on the same index: median milliseconds of each over USER_QUERIES, `rounds` times.
 */
export async function queryCostRatio(engine: SearchEngine, index: string, rounds = 10): Promise<{ service: number; bare: number }> {
  const bodies = {
    service: (q: string) => withReadAliasFilter(buildProductSearch({ q })),
    bare: (q: string) => withReadAliasFilter(bareMatch(q)),
  };
  const times: Record<keyof typeof bodies, number[]> = { service: [], bare: [] };
  for (let round = 0; round <= rounds; round++) {
    for (const name of ['service', 'bare'] as const) {
      for (const q of USER_QUERIES) {
        const started = process.hrtime.bigint();
        await engine.search(index, bodies[name](q));
        if (round > 0) times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
  }
  return { service: p50(times.service), bare: p50(times.bare) };
}
