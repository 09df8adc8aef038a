import autocannon from 'autocannon';
import { READ_ALIAS_FILTER } from '../../src/indices/index-names';
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

/** A steady request rate against the service's product search, cycling through USER_QUERIES. */
export async function searchAtRate(port: number, perSecond: number, seconds: number): Promise<LatencyFigures> {
  let q = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 16,
    overallRate: perSecond,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/search/products?q=${encodeURIComponent(USER_QUERIES[q++ % USER_QUERIES.length])}&size=20` }) }],
  });
  return { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, requests: result.requests.total, non2xx: result.non2xx };
}

const p50 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/**
 * The typo-tolerant product query the service sends, against a bare match on name and description, one
 * request at a time on the same index: median milliseconds of each over USER_QUERIES, `rounds` times.
 */
export async function queryCostRatio(engine: SearchEngine, index: string, rounds = 10): Promise<{ service: number; bare: number }> {
  const live = (query: unknown) => ({ bool: { must: [query], filter: [READ_ALIAS_FILTER] } });
  const bodies = {
    service: (q: string) => {
      const body = buildProductSearch({ q });
      return { ...body, query: live(body.query) };
    },
    bare: (q: string) => ({ size: 20, query: live({ multi_match: { query: q, fields: ['name', 'description'] } }) }),
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
