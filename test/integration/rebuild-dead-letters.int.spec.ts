import { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig, toEnvironment } from '../../src/config/app-config';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { dlqTopic } from '../../src/kafka/admin';
import { faultyStream } from '../support/faulty-stream';
import { stricterMappings } from '../support/mappings';
import { publish } from '../support/publish';
import { closeWorld, isolatedWorld, readTopic, waitFor, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';

jest.setTimeout(600_000);

const TOKEN = 'rebuild-dead-letters-token';

describe('dead letters across a rebuild', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication | undefined;

  beforeAll(async () => ({ config, engine } = await isolatedWorld('rebuilddlq', { ADMIN_TOKEN: TOKEN })));
  afterAll(() => closeWorld(config, engine, app));

  it('leaves each bad message in the DLQ exactly once; rejections new to the rebuilt index come once, with the rebuild id', async () => {
    const fs = faultyStream({ seed: 23, products: 500, danceHalls: 0, poisonEvery: 53 });
    await publish(config, fs.messages);
    app = await startService(config);
    const index = await liveIndexOf(engine, config, ProductProjection);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    const poison = fs.poison.filter((p) => p.projection === 'products').length;
    const dlq = () => readTopic(config, dlqTopic(config.topics.PRODUCT_TOPIC));
    const origin = (m: { headers: Record<string, string> }) => `${m.headers['dlq-origin-partition']}:${m.headers['dlq-origin-offset']}`;
    await waitFor('the live dead letters', async () => (await dlq()).length === poison);

    // The rebuild runs on an instance whose mappings are stricter, so some documents are new rejections.
    await app.close();
    const strict = loadConfig({ ...toEnvironment(config), INDEX_MAPPINGS_DIR: stricterMappings() });
    app = await startService(strict);
    const http = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${strict.PORT}/admin/projections/products/rebuild${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    const started = (await (await http('', 'POST')).json()) as { id: string };
    const done = await waitFor('the rebuild to complete', async () => {
      const r = (await (await http('')).json()) as { phase: string; deadLettered?: number };
      return r.phase === 'completed' ? r : undefined;
    }, { timeoutMs: 300_000, intervalMs: 500 });

    const letters = await dlq();
    const live = letters.filter((m) => m.headers['dlq-rebuild-id'] === undefined);
    const fromRebuild = letters.filter((m) => m.headers['dlq-rebuild-id'] !== undefined);
    expect(live).toHaveLength(poison);
    expect(new Set(live.map(origin)).size).toBe(poison);
    expect(fromRebuild.length).toBeGreaterThan(0);
    expect(new Set(fromRebuild.map(origin)).size).toBe(fromRebuild.length);
    expect(fromRebuild.every((m) => m.headers['dlq-rebuild-id'] === started.id && m.headers['dlq-error-code'] === 'engine-rejected')).toBe(true);
    expect(fromRebuild.filter((m) => live.some((l) => origin(l) === origin(m)))).toEqual([]);
    expect(done.deadLettered).toBe(fromRebuild.length);
  });
});
