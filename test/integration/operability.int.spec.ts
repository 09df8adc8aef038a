import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { publish } from '../support/publish';
import { productCreated } from '../support/events';
import { cleanUp, createTopics, freePort, isolatedConfig, waitFor, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';
import { runCli } from '../support/cli';
import { exited, spawnService } from '../support/child-service';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(300_000);

const TOKEN = 'operability-admin-token';

describe('operability: status, lag, verify, dead-letter replay, admin security', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  let index: () => Promise<string>;
  const stream = generateEventStream({ seed: 3, products: 2000, danceHalls: 0 });
  const http = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${config.PORT}${path}`, init);
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    config = await isolatedConfig('ops', { ADMIN_TOKEN: TOKEN });
    await createTopics(config);
    engine = createSearchEngine(config);
    app = await startService(config);
    index = await liveIndexOf(engine, config, ProductProjection);
    await publish(config, stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) })));
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    await engine.refresh(await index());
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(config);
    await engine?.close();
  });

  it('answers 401 on /admin without or with a wrong token, and has no admin routes without ADMIN_TOKEN', async () => {
    expect((await http('/admin/projections')).status).toBe(401);
    expect((await http('/admin/projections', { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await http('/admin/projections', { headers: { authorization: TOKEN } })).status).toBe(401);
    expect((await http('/admin/projections/products/rebuild', { method: 'POST' })).status).toBe(401);
    const body = (await (await http('/admin/projections')).json()) as { error: { code: string } };
    expect(body.error.code).toBe('unauthorized');
    expect((await http('/admin/projections', { headers: auth })).status).toBe(200);

    const withoutToken = { ...config, ADMIN_TOKEN: undefined, PORT: await freePort(), KAFKA_GROUP_ID: `${config.KAFKA_GROUP_ID}-open` } as AppConfig;
    const open = spawnService(withoutToken, join(tmpdir(), `ops-open-${process.pid}.log`));
    try {
      await waitFor('the second instance', async () => (await fetch(`http://127.0.0.1:${withoutToken.PORT}/health/live`).catch(() => undefined))?.ok);
      const res = await fetch(`http://127.0.0.1:${withoutToken.PORT}/admin/projections`, { headers: auth });
      expect(res.status).toBe(404);
    } finally {
      open.kill('SIGTERM');
      await exited(open);
    }
  });

  it('sets security headers and limits request bodies', async () => {
    const res = await http('/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    const big = await http('/admin/projections/products/rebuild', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(200_000) }) });
    expect(big.status).toBe(413);
  });

  it('brings the lag to 0 per partition, and the status table agrees with the checkpoint documents', async () => {
    const [products] = (await (await http('/admin/projections', { headers: auth })).json()) as Array<{
      activeIndex: string;
      lag: number;
      partitions: Array<{ partition: number; checkpoint: number; endOffset: number; lag: number }>;
    }>;
    expect(products.activeIndex).toBe(await index());
    const stored = await new CheckpointStore(engine).readAll(await index());
    expect(products.partitions.map((p) => ({ partition: p.partition, checkpoint: p.checkpoint }))).toEqual(
      stored.map((c) => ({ partition: c.partition, checkpoint: c.offset })),
    );
    for (const p of products.partitions) expect(p).toMatchObject({ lag: 0, endOffset: p.checkpoint + 1 });

    const metrics = await (await http('/metrics')).text();
    const lagLines = metrics.split('\n').filter((l) => l.startsWith('indexer_lag{') && l.includes(config.topics.PRODUCT_TOPIC));
    expect(lagLines).toHaveLength(6);
    for (const line of lagLines) expect(line.endsWith(' 0')).toBe(true);
    const created = stream.events.filter((e) => e.envelope.type === 'ProductCreated').length;
    expect(metrics).toContain(`indexer_events_total{projection="products",type="ProductCreated",outcome="applied"} ${created}`);
    expect(metrics).toMatch(/indexer_bulk_duration_seconds_count\{projection="products"\} \d+/);
    expect(metrics).toMatch(/process_cpu_seconds_total/);

    const cli = runCli(config, 'status');
    expect(cli.code).toBe(0);
    for (const c of stored) expect(cli.stdout).toMatch(new RegExp(`\\n  ${c.partition} +${c.offset} +${c.offset + 1} +0\\n`));
  });

  it('verify passes on a correct read model and reports exactly the documents tampered with in the engine', async () => {
    const clean = runCli(config, 'verify', 'products');
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/0 differences/);

    const live = [...stream.expected.products].filter(([, d]) => d !== null).map(([id]) => id);
    const [changed, bumped, removed] = live;
    const stranger = randomUUID();
    const target = await index();
    const docs = await engine.mget(target, [changed, bumped]);
    await engine.bulk(
      [
        { index: target, id: changed, document: { ...docs.get(changed)!.source, name: 'Manipulerad' } },
        { index: target, id: bumped, document: { ...docs.get(bumped)!.source, version: 99 } },
        { index: target, id: removed, document: { docKind: 'tombstone', productId: removed, version: 1 } },
        { index: target, id: stranger, document: { docKind: 'live', productId: stranger, name: 'Okänd', version: 1 } },
      ],
      { refresh: true },
    );
    const tampered = runCli(config, 'verify', 'products');
    expect(tampered.code).toBe(1);
    const reported = tampered.stdout
      .split('\n')
      .filter((l) => /^(missing|extra|version|content) /.test(l))
      .map((l) => l.split(/\s+/).slice(0, 2).join(' '))
      .sort();
    expect(reported).toEqual([`content ${changed}`, `extra ${stranger}`, `missing ${removed}`, `version ${bumped}`].sort());
    expect(tampered.stdout).toMatch(/4 differences/);
  });

  it('replay-dlq lists dead letters, then brings a fixed message back through the projector', async () => {
    // An index-side fault: a pipeline that breaks one product's document, so the engine rejects it.
    const target = await index();
    const pipeline = `${config.INDEX_PREFIX}break-one`;
    const put = await fetch(`${config.SEARCH_URL}/_ingest/pipeline/${pipeline}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processors: [{ set: { if: "ctx.name == 'Trasig'", field: 'price', value: 'not a number' } }] }),
    });
    expect(put.status).toBe(200);
    await engine.putSettings(target, { index: { default_pipeline: pipeline } });
    const id = randomUUID();
    await publish(config, [{ projection: 'products', key: id, value: JSON.stringify(productCreated(id, 1, { name: 'Trasig' })) }]);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);

    // The dead letter of an engine rejection is published right after the bulk that carried the checkpoint.
    const dry = await waitFor('the rejected document in the dead-letter topic', async () => {
      const r = runCli(config, 'replay-dlq', config.topics.PRODUCT_TOPIC);
      return /1 dead letters/.test(r.stdout) ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`engine-rejected .*key ${id}`));
    expect(dry.stdout).toMatch(/1 dead letters .* not yet replayed \(dry run/);
    expect((await engine.mget(target, [id])).size).toBe(0);

    // The fix, then the replay.
    await engine.putSettings(target, { index: { default_pipeline: null } });
    const executed = runCli(config, 'replay-dlq', config.topics.PRODUCT_TOPIC, '--execute');
    expect(executed.code).toBe(0);
    expect(executed.stdout).toMatch(/re-published 1 messages/);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    await waitFor('the replayed product to be searchable', async () => {
      await engine.refresh(target);
      const hit = (await engine.search(`${config.INDEX_PREFIX}products`, { query: { ids: { values: [id] } } })).hits[0];
      return hit?.source.name === 'Trasig';
    });
    expect(runCli(config, 'replay-dlq', config.topics.PRODUCT_TOPIC).stdout).toMatch(/^0 dead letters/m);
  });
});
