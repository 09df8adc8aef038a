/**
 * `npx ts-node bench/search-queries.ts [--products N]`: what each part of the product query costs. Loads
 * the final product documents of the bench's generated stream into a fresh index with the real mapping,
 * then runs a fixed set of user queries one at a time through each query variant, straight against the
 * engine, and prints latency percentiles per variant; then searches at a steady rate through the service
 * (`--replica`: through a search replica, which runs no consumers).
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig } from '../src/config/app-config';
import { benchConfig } from './lib/bench-config';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { READ_ALIAS_FILTER, withReadAliasFilter } from '../src/indices/index-names';
import { percentile } from './lib/report';
import { ProductProjection } from '../src/projections/product.projection';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { buildProductSearch } from '../src/search-api/product-query';
import { finalDocuments, finalLoadSeconds } from './lib/ceilings';
import { segmentCount } from './lib/engine-merges';
import { bareMatch, bareMatchAnswer, LatencyFigures, searchAtRate } from './lib/search-load';
import { USER_QUERIES, userSearchPath } from './lib/user-queries';
import { searchWithTypoFallback } from '../src/search-api/typo-fallback';
import { SearchResult } from '../src/search-engine/search-engine.port';
import { spawnService, stopService } from './lib/service-runner';
import { Kafka, logLevel } from 'kafkajs';
import { AppConfig } from '../src/config/app-config';
import { sourceTopics } from '../src/config/topic-settings';
import { dlqTopic, ensureTopics, withAdmin } from '../src/kafka/admin';
import { readAlias } from '../src/indices/index-names';
import { sleep } from '../src/shared/retry';
import { cpuSeconds } from './lib/process-stats';

const options = new Command()
  .option('--products <n>', 'products in the generated stream (the 1M-event bench has about 166k)', (v) => Number(v), 166_667)
  .option('--rounds <n>', 'times each query runs per variant', (v) => Number(v), 10)
  .option('--rate <n>', 'then searches at this many requests/s through the service, from a process of its own', (v) => Number(v), 50)
  .option('--rate-seconds <n>', 'for this long (0 skips it)', (v) => Number(v), 30)
  .option('--merge-to <n>', 'force-merge the loaded index to at most this many segments first', (v) => Number(v))
  .option('--replica', 'search through a search replica (PROJECTORS_ENABLED=false) instead of a projecting service')
  .parse()
  .opts<{ products: number; rounds: number; rate: number; rateSeconds: number; mergeTo?: number; replica?: boolean }>();


type Body = Record<string, any>;
/** The service's body with one change, to see what that part costs. */
const without = (change: (b: Body) => void, typos?: boolean) => (q: string) => {
  const b = buildProductSearch({ q }, { typos }) as Body;
  change(b);
  return b;
};
/** The same change to the exact query, the one the service runs first (and only, for most queries). */
const exactWithout = (change: (b: Body) => void) => without(change, false);
const shoulds = (b: Body): Body[] => b.query.bool.must[0].bool.should;

const VARIANTS: Record<string, (q: string) => Record<string, unknown>> = {
  bare: bareMatch,
  'typo-tolerant always': (q) => buildProductSearch({ q }),
  'fuzzy as before (AUTO, 4 fields, 50)': without((b) => Object.assign(shoulds(b)[1].multi_match, { fuzziness: 'AUTO', fields: shoulds(b)[0].multi_match.fields, max_expansions: 50 })),
  'no fuzzy': without((b) => shoulds(b).splice(1, 1)),
  'no highlight': without((b) => delete b.highlight),
  'no facet': without((b) => delete b.aggs),
  'no prefix': without((b) => shoulds(b).splice(2, 1)),
  'no phrase': without((b) => shoulds(b).splice(3, 1)),
  'total ≤ 1000': without((b) => (b.track_total_hits = 1000)),
  'bare, same answer': bareMatchAnswer,
  'exact, one request with the id tie-breaker (before the split)': exactWithout((b) => (b.sort = [{ _score: 'desc' }, { productId: 'asc' }])),
  'exact, one request': exactWithout(() => undefined),
  'exact, no facet': exactWithout((b) => delete b.aggs),
  'exact, no facet, total ≤ 1000': exactWithout((b) => {
    delete b.aggs;
    b.track_total_hits = 1000;
  }),
  'exact, no prefix': exactWithout((b) => shoulds(b).splice(1, 1)),
  'exact, sorted by score alone (no cursor tiebreak)': exactWithout((b) => (b.sort = ['_score'])),
  'exact, no highlight': exactWithout((b) => delete b.highlight),
  'exact, plain highlighter': exactWithout((b) => (b.highlight.type = 'plain')),
  'exact, none of facet, exact total, highlight': exactWithout((b) => {
    delete b.aggs;
    delete b.highlight;
    b.track_total_hits = 1000;
  }),
};

/** The service's strategy: the exact query, and the typo-tolerant one only when that cannot fill the page. */
const serviceSearch = (search: (b: Body) => Promise<SearchResult>, q: string) =>
  searchWithTypoFallback((typos) => search(buildProductSearch({ q }, { typos })), q, 20);


/** Searches through the service one after another, as fast as they come back. */
async function oneAfterAnother(port: number, requests: number): Promise<{ requests: number }> {
  for (let n = 0; n < requests; n++) {
    const res = await fetch(`http://127.0.0.1:${port}${userSearchPath(n)}`);
    await res.arrayBuffer();
  }
  return { requests };
}

/** The service's CPU per request over a load (paced loads on this VM cost more per request: cold caches). */
async function cpuPerSearch<T extends { requests: number; warmup?: { requests: number } }>(pid: number, load: () => Promise<T>) {
  const before = cpuSeconds(pid);
  const result = await load();
  return { result, micros: Math.round(((cpuSeconds(pid) - before) * 1e6) / (result.requests + (result.warmup?.requests ?? 0))) };
}

/** The same rate through the service (HTTP, validation, the engine client), on the same index behind an alias. */
async function throughService(base: AppConfig, engine: ReturnType<typeof createSearchEngine>, index: string): Promise<void> {
  const prefix = `${index}-`;
  const config = benchConfig(prefix, '3998', options.replica ? { PROJECTORS_ENABLED: 'false' } : {});
  const kafka = new Kafka({ clientId: 'bench-queries', brokers: base.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  await ensureTopics(kafka, sourceTopics(config), 1);
  await engine.updateAliases([{ add: { index, alias: readAlias(prefix, ProductProjection), filter: READ_ALIAS_FILTER } }]);
  // BENCH_SERVICE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the service's search path.
  const child = spawnService(config, 'bench-queries-service.log', process.env.BENCH_SERVICE_ARGS);
  try {
    for (let i = 0; i < 60 && !(await fetch(`http://127.0.0.1:${config.PORT}/health/live`).then((r) => r.ok, () => false)); i++) await sleep(500);
    const backToBack = await cpuPerSearch(child.pid!, () => oneAfterAnother(Number(config.PORT), 1500));
    const paced = await cpuPerSearch(child.pid!, () => searchAtRate(Number(config.PORT), options.rate, options.rateSeconds, 5));
    const figures = paced.result;
    const line = (f: LatencyFigures) => `p50 ${f.p50} ms  p97.5 ${f.p97_5}  p99 ${f.p99} (${f.requests} requests, ${f.non2xx} non-2xx${f.failed ? `, ${f.failed} with no answer: ${f.firstFailure}` : ''})`;
    console.log(`through ${options.replica ? 'a search replica' : 'the service'} at ${options.rate}/s: the first 5 s ${line(figures.warmup!)}; then ${options.rateSeconds} s ${line(figures)}`);
    const idleBefore = cpuSeconds(child.pid!);
    await sleep(10_000);
    const idleMicrosPerSecond = ((cpuSeconds(child.pid!) - idleBefore) * 1e6) / 10;
    console.log(
      `the service's CPU per search: one after another ${backToBack.micros} µs, at ${options.rate}/s ${paced.micros} µs ` +
        `(${Math.round(idleMicrosPerSecond / options.rate)} µs of which its idle work: consumers, watchers)`,
    );
  } finally {
    await stopService(child);
    await withAdmin(kafka, async (admin) => admin.deleteTopics({ topics: sourceTopics(config).flatMap((t) => [t, dlqTopic(t)]) }));
    for (const other of await engine.listIndices(`${prefix}*`)) await engine.deleteIndex(other);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = createSearchEngine(config);
  const index = `bench-queries-${Date.now().toString(36)}`;
  const stream = generateEventStream({ seed: 1, products: options.products, danceHalls: 0, maxChangesPerAggregate: 12 });
  const docs = finalDocuments(ProductProjection, index, stream.events);
  const load = await finalLoadSeconds(engine, ProductProjection, index, docs);
  await engine.refresh(index);
  const live = await engine.count(index, READ_ALIAS_FILTER);
  console.log(`loaded ${docs.length} documents (${live} live) in ${load.toFixed(1)} s; ${await segmentCount(config.SEARCH_URL, index)} segments`);
  if (options.mergeTo) {
    await fetch(`${config.SEARCH_URL}/${index}/_forcemerge?max_num_segments=${options.mergeTo}`, { method: 'POST' });
    console.log(`force-merged: ${await segmentCount(config.SEARCH_URL, index)} segments`);
  }
  try {
    const results: Record<string, number[]> = {};
    const perQuery: Record<string, Record<string, number[]>> = {};
    for (let round = 0; round <= options.rounds; round++) {
      const runners = [
        ...Object.entries(VARIANTS).map(([name, body]) => [name, (q: string) => engine.search(index, withReadAliasFilter(body(q)))] as const),
        ['service (exact, fuzzy if < 20)', (q: string) => serviceSearch((b) => engine.search(index, withReadAliasFilter(b)), q)] as const,
      ];
      for (const [name, run] of runners) {
        for (const q of USER_QUERIES) {
          const started = process.hrtime.bigint();
          await run(q);
          // Round 0 warms caches and is not counted.
          if (round > 0) (results[name] ??= []).push(Number(process.hrtime.bigint() - started) / 1e6);
          if (round > 0) ((perQuery[name] ??= {})[q] ??= []).push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
    }
    const p50 = (name: string) => percentile([...results[name]].sort((a, b) => a - b), 50);
    for (const [name, times] of Object.entries(results)) {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${name.padEnd(20)} p50 ${p50(name).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  ×bare ${(p50(name) / p50('bare')).toFixed(2)}`);
    }
    const median = (times: number[]) => percentile([...times].sort((a, b) => a - b), 50);
    const costliest = Object.entries(perQuery['service (exact, fuzzy if < 20)']).sort(([, a], [, b]) => median(b) - median(a)).slice(0, 8);
    console.log(`costliest queries (service / bare, median ms): ${costliest.map(([q, t]) => `${q} ${median(t).toFixed(1)}/${median(perQuery.bare[q]).toFixed(1)}`).join(', ')}`);
    if (options.rateSeconds > 0) {
      await throughService(config, engine, index);
    }
  } finally {
    await engine.deleteIndex(index);
    await engine.close();
  }
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
