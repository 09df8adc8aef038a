import { INestApplication } from '@nestjs/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { topicOf } from '../../src/config/topic-settings';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { BandProjection } from '../../src/projections/band.projection';
import { DanceHallProjection } from '../../src/projections/dance-hall.projection';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { productCreated } from '../support/events';
import { closeWorld, isolatedWorld, waitForCatchUp } from '../support/integration';
import { publish } from '../support/publish';
import { fixtureMessages } from '../support/search-fixtures';
import { liveIndexOf, startService } from '../support/service';
import { BAND_JUDGMENTS, HALL_JUDGMENTS, Judgment, meanReciprocalRank, NAMED_PRODUCTS, PRODUCT_JUDGMENTS } from '../relevance/judgments';

jest.setTimeout(300_000);

const BASELINE = join(__dirname, '..', 'relevance', 'baseline.json');
const REPORT = join(__dirname, '..', '..', '.test-output', 'relevance.txt');

/**
 * The relevance suite: fixed queries over the demo catalogue plus named items, scored as mean reciprocal
 * rank per route. The score may not drop below test/relevance/baseline.json; raise the baseline when a
 * change improves it.
 */
describe('relevance', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  const scores: Record<string, number> = {};
  const lines: string[] = [];

  beforeAll(async () => {
    ({ config, engine } = await isolatedWorld('relevance', { SEARCH_RATE_LIMIT: '100000' }));
    app = await startService(config);
    const stream = generateEventStream({ seed: 2026, products: 3000, danceHalls: 300, bands: 120 });
    const named = NAMED_PRODUCTS.map((p) => {
      const id = randomUUID();
      return { projection: 'products' as const, key: id, value: JSON.stringify(productCreated(id, 1, { name: p.name, category: p.category, tags: [], description: 'Från vår egen kollektion.' })) };
    });
    const generated = stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) }));
    await publish(config, [...generated, ...named, ...fixtureMessages()]);
    for (const projection of [ProductProjection, DanceHallProjection, BandProjection]) {
      const index = await liveIndexOf(engine, config, projection);
      await waitForCatchUp(config, engine, index, topicOf(config, projection));
      await engine.refresh(await index());
    }
  });

  afterAll(async () => {
    mkdirSync(join(REPORT, '..'), { recursive: true });
    writeFileSync(REPORT, `${lines.join('\n')}\n`);
    await closeWorld(config, engine, app);
  });

  /** Rank (1-based) of the first hit whose name is a right answer, within the top 10. */
  async function rankOf(route: string, [q, relevant]: Judgment): Promise<number | undefined> {
    const res = await fetch(`http://127.0.0.1:${config.PORT}/search/${route}?q=${encodeURIComponent(q)}&size=10`);
    expect(res.status).toBe(200);
    const names = ((await res.json()) as { items: { name: string }[] }).items.map((i) => i.name);
    const at = names.findIndex((n) => relevant.test(n));
    return at < 0 ? undefined : at + 1;
  }

  it.each([
    ['products', PRODUCT_JUDGMENTS],
    ['dance-halls', HALL_JUDGMENTS],
    ['bands', BAND_JUDGMENTS],
  ] as const)('%s: mean reciprocal rank does not drop below the baseline', async (route, judgments) => {
    const ranks: (number | undefined)[] = [];
    for (const judgment of judgments) ranks.push(await rankOf(route, judgment));
    scores[route] = meanReciprocalRank(ranks);
    const misses = judgments.flatMap(([q], i) => (ranks[i] === 1 ? [] : [`${q}→${ranks[i] ?? '-'}`]));
    lines.push(`relevance ${route}: MRR ${scores[route].toFixed(3)} over ${judgments.length} queries; not first: ${misses.join(', ') || 'none'}`);
    const baseline = (JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>)[route];
    expect(scores[route]).toBeGreaterThanOrEqual(baseline - 1e-9);
  });
});
