/**
 * `npx ts-node bench/search-queries.ts [--products N]`: what each part of the product query costs. Loads
 * the final product documents of the bench's generated stream into a fresh index with the real mapping,
 * then runs a fixed set of user queries one at a time through each query variant, straight against the
 * engine, and prints latency percentiles per variant.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig } from '../src/config/app-config';
import { generateEventStream } from '../src/demo/event-stream-generator';
import { READ_ALIAS_FILTER } from '../src/indices/index-names';
import { ProductProjection } from '../src/projections/product.projection';
import { createSearchEngine } from '../src/search-engine/create-search-engine';
import { buildProductSearch } from '../src/search-api/product-query';
import { finalDocuments, finalLoadSeconds } from './lib/ceilings';
import { USER_QUERIES } from './lib/search-load';

const options = new Command()
  .option('--products <n>', 'products in the generated stream (the 1M-event bench has about 166k)', (v) => Number(v), 166_667)
  .option('--rounds <n>', 'times each query runs per variant', (v) => Number(v), 10)
  .parse()
  .opts<{ products: number; rounds: number }>();


type Body = Record<string, any>;
/** The service's body with one change, to see what that part costs. */
const without = (change: (b: Body) => void) => (q: string) => {
  const b = buildProductSearch({ q }) as Body;
  change(b);
  return b;
};
const shoulds = (b: Body): Body[] => b.query.bool.must[0].bool.should;

const VARIANTS: Record<string, (q: string) => Record<string, unknown>> = {
  bare: (q) => ({ size: 20, query: { multi_match: { query: q, fields: ['name', 'description'] } } }),
  service: (q) => buildProductSearch({ q }),
  'fuzzy AUTO:5,8': without((b) => Object.assign(shoulds(b)[1].multi_match, { fuzziness: 'AUTO:5,8' })),
  'fuzzy AUTO:5,8 name+tags': without((b) => Object.assign(shoulds(b)[1].multi_match, { fuzziness: 'AUTO:5,8', fields: ['name^5', 'tags.text^3'], max_expansions: 20 })),
  'same, hl name': without((b) => {
    Object.assign(shoulds(b)[1].multi_match, { fuzziness: 'AUTO:5,8', fields: ['name^5', 'tags.text^3'], max_expansions: 20 });
    delete b.highlight.fields.description;
  }),
  'no fuzzy': without((b) => shoulds(b).splice(1, 1)),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
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
  console.log(`loaded ${docs.length} documents (${live} live) in ${load.toFixed(1)} s`);
  try {
    const results: Record<string, number[]> = {};
    for (let round = 0; round <= options.rounds; round++) {
      for (const [name, body] of Object.entries(VARIANTS)) {
        for (const q of USER_QUERIES) {
          const b = body(q);
          const started = process.hrtime.bigint();
          await engine.search(index, { ...b, query: { bool: { must: [b.query], filter: [READ_ALIAS_FILTER] } } });
          // Round 0 warms caches and is not counted.
          if (round > 0) (results[name] ??= []).push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
    }
    const p50 = (name: string) => percentile([...results[name]].sort((a, b) => a - b), 50);
    for (const [name, times] of Object.entries(results)) {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${name.padEnd(20)} p50 ${p50(name).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  ×bare ${(p50(name) / p50('bare')).toFixed(2)}`);
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
