/**
 * Figures from the service's own /metrics over a phase of a benchmark: its product counters summed over
 * labels, its garbage collections, and its event-loop delay. prom-client resets the delay histogram at each
 * scrape, so a scrape at the start and one at the end give that phase's delay.
 */
export type Scrape = Map<string, number>;

const WANTED = [
  /^(indexer_\w+)\{[^}]*projection="products"[^}]*\} ([\d.e+-]+)$/,
  /^(nodejs_eventloop_lag_(?:p99|max)_seconds) ([\d.e+-]+)$/,
  /^(nodejs_gc_duration_seconds_(?:sum|count))\{kind="(?:major|minor)"\} ([\d.e+-]+)$/,
];

export async function scrapeService(port: number | string): Promise<Scrape> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sums: Scrape = new Map();
  for (const line of text.split('\n')) {
    for (const pattern of WANTED) {
      const match = pattern.exec(line);
      if (!match) continue;
      const name = line.startsWith('nodejs_gc') ? `${match[1]}_${/kind="(\w+)"/.exec(line)![1]}` : match[1];
      sums.set(name, (sums.get(name) ?? 0) + Number(match[match.length - 1]));
    }
  }
  return sums;
}

/** The growth of a counter between two scrapes. */
export const grew = (before: Scrape, after: Scrape, name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);

/** Event-loop delay p99 / max (ms), then major and minor collections: how many, and their ms in all. */
export function loopAndCollections(before: Scrape, after: Scrape): string {
  const ms = (s: number | undefined) => Math.round((s ?? NaN) * 1000);
  const gc = (kind: string) => `${grew(before, after, `nodejs_gc_duration_seconds_count_${kind}`)} ${kind} (${ms(grew(before, after, `nodejs_gc_duration_seconds_sum_${kind}`))} ms)`;
  return `${ms(after.get('nodejs_eventloop_lag_p99_seconds'))} / ${ms(after.get('nodejs_eventloop_lag_max_seconds'))}; ${gc('major')}, ${gc('minor')}`;
}
