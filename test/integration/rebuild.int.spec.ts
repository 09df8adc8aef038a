import { INestApplication } from '@nestjs/common';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { ProjectorService } from '../../src/projector/projector.service';
import { MAPPINGS_DIR } from '../../src/indices/index-definitions';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { publish } from '../support/publish';
import { cleanUp, createTopics, freePort, isolatedConfig, readModel, waitFor, waitForCatchUp, expectSameDocuments } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';

jest.setTimeout(600_000);

const TOKEN = 'rebuild-test-admin-token';

describe('blue-green rebuild with two running instances', () => {
  let config: AppConfig;
  let second: AppConfig;
  let engine: SearchEngine;
  let apps: INestApplication[] = [];
  const alias = () => readAlias(config.INDEX_PREFIX, ProductProjection);
  const admin = (cfg: AppConfig, method: string, path: string) =>
    fetch(`http://127.0.0.1:${cfg.PORT}/admin/projections${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
    }));

  beforeAll(async () => {
    config = await isolatedConfig('rebuild', { ADMIN_TOKEN: TOKEN, SEARCH_RATE_LIMIT: '100000' });
    second = { ...config, PORT: await freePort() } as AppConfig;
    await createTopics(config);
    engine = createSearchEngine(config);
    apps = [await startService(config), await startService(second)];
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await cleanUp(config);
    await engine.close();
  });

  it('replays 100k events into a fresh index while searches never see fewer documents or an error, then both instances follow it', async () => {
    const stream = generateEventStream({ seed: 77, products: 27_000, danceHalls: 0, maxChangesPerAggregate: 6 });
    const messages = stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) }));
    expect(messages.length).toBeGreaterThanOrEqual(100_000);
    // New products published while the rebuild runs; creations only, so the visible count may only grow.
    const lateStream = generateEventStream({ seed: 79, products: 300, danceHalls: 0, maxChangesPerAggregate: 0 });
    const late = lateStream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) }));
    const index = await liveIndexOf(engine, config, ProductProjection);
    await publish(config, messages);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC, 300_000);
    const blue = await index();
    await engine.refresh(blue);
    const before = await engine.count(alias());

    // Searches poll the read alias for the whole rebuild, as users would.
    let polling = true;
    const polls = { count: 0, fewer: 0, errors: [] as string[] };
    const poller = (async () => {
      while (polling) {
        const res = await fetch(`http://127.0.0.1:${config.PORT}/search/products?q=dansskor&size=1`).catch((e: Error) => ({ status: 0, statusText: e.message }) as Response);
        if (res.status !== 200) polls.errors.push(`${res.status}`);
        const total = await engine.count(alias()).catch(() => -1);
        if (total < before) polls.fewer += 1;
        polls.count += 1;
      }
    })();

    const started = await admin(config, 'POST', '/products/rebuild');
    expect(started.status).toBe(202);
    const green = started.body.targetIndex as string;
    expect(green).not.toBe(blue);
    expect((await admin(second, 'POST', '/products/rebuild')).status).toBe(409);
    expect((await admin(config, 'POST', '/products/rebuild')).status).toBe(409);

    // Published during the rebuild: must be in the new index after the cutover.
    await publish(config, late);
    const done = await waitFor('rebuild completed', async () => {
      // The alias is read before the record: the phase becomes 'cutting-over' before the alias moves, so an
      // alias on the new index with a record still 'replaying' would mean a search saw a partial index.
      const targets = await engine.aliasTargets(alias());
      const r = await admin(config, 'GET', '/products/rebuild');
      expect(r.body.phase).not.toBe('failed');
      expect({ phase: r.body.phase, aliasOnPartialIndex: targets.includes(green) && r.body.phase === 'replaying' }).toEqual({ phase: r.body.phase, aliasOnPartialIndex: false });
      return r.body.phase === 'completed' ? r.body : undefined;
    }, { timeoutMs: 400_000, intervalMs: 200 });
    polling = false;
    await poller;
    expect(done.replayed).toBeGreaterThanOrEqual(messages.length);
    expect(polls.count).toBeGreaterThan(20);
    expect(polls.errors).toEqual([]);
    expect(polls.fewer).toBe(0);
    expect(await engine.aliasTargets(alias())).toEqual([green]);

    await waitForCatchUp(config, engine, async () => green, config.topics.PRODUCT_TOPIC);
    await engine.refresh(green);
    const actual = await readModel(engine, alias(), 'productId');
    const live = [...stream.expected.products, ...lateStream.expected.products].filter(([, doc]) => doc !== null);
    expectSameDocuments(actual, live);

    // Both instances' live projectors move to the new index: new events land there from either one.
    const after = generateEventStream({ seed: 78, products: 300, danceHalls: 0, maxChangesPerAggregate: 0 });
    await publish(config, after.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) })));
    await waitForCatchUp(config, engine, async () => green, config.topics.PRODUCT_TOPIC);
    await waitFor('both instances to write to the new index', async () =>
      apps.every((app) => app.get(ProjectorService).statuses().products.index === green),
    );
    await engine.refresh(green);
    expect(await engine.count(alias())).toBe(live.length + 300);
    for (const cfg of [config, second]) {
      const [products] = (await admin(cfg, 'GET', '')).body as unknown as Array<{ activeIndex: string; lag: number }>;
      expect(products.activeIndex).toBe(green);
    }
    expect(await engine.indexExists(blue)).toBe(true);
  });

  it('reports "rebuild needed" when a mapping file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mappings-'));
    cpSync(MAPPINGS_DIR, dir, { recursive: true });
    const file = join(dir, 'products.json');
    const changed = JSON.parse(readFileSync(file, 'utf8'));
    changed.mappings.properties.brand = { type: 'keyword' };
    writeFileSync(file, JSON.stringify(changed, null, 2));
    const drifted = await startService({ ...config, PORT: await freePort(), INDEX_MAPPINGS_DIR: dir } as AppConfig);
    try {
      const res = await fetch(`http://127.0.0.1:${drifted.getHttpServer().address().port}/admin/projections`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const [products, halls] = (await res.json()) as Array<{ name: string; rebuildNeeded: boolean; rebuildNeededReason?: string }>;
      expect({ products, halls }).toMatchObject({ products: { name: "products", rebuildNeeded: true } });
      expect(products.rebuildNeededReason).toMatch(/mappings/);
      expect(halls).toMatchObject({ name: 'dance-halls', rebuildNeeded: false });
    } finally {
      await drifted.close();
    }
    const [unchanged] = (await admin(config, 'GET', '')).body as unknown as Array<{ rebuildNeeded: boolean }>;
    expect(unchanged.rebuildNeeded).toBe(false);
  });
});
