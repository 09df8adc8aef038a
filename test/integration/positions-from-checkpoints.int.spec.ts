import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { envelope, productCreated } from '../support/events';
import { loadIndexDefinition } from '../../src/indices/index-definitions';
import { readAlias } from '../../src/indices/index-names';
import { publish } from '../support/publish';
import { closeWorld, endOffsets, isolatedWorld, moveReadAlias, readModel, testKafka, waitFor, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';
import { OverloadingProxy } from '../faults/slow-engine-proxy';
import { sleep } from '../../src/shared/retry';

jest.setTimeout(180_000);

// The group's committed offsets can be ahead of the index the projector writes to: a rebalance while the read
// alias moves (the new owner of a partition starts at the committed offset), or an index lost or replaced.
describe('positions come from the index, not from the group', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;

  beforeAll(async () => ({ config, engine } = await isolatedWorld('positions')));
  afterAll(() => closeWorld(config, engine, app));

  it('projects partitions that receive nothing new although the group committed their end', async () => {
    const topic = config.topics.PRODUCT_TOPIC;
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await publish(config, ids.map((id) => ({ projection: 'products', key: id, value: JSON.stringify(productCreated(id, 1, { category: 'positions' })) })));
    const ends = await endOffsets(config, topic);
    const admin = testKafka(config).admin();
    await admin.connect();
    try {
      const partitions = [...ends].map(([partition, offset]) => ({ partition, offset: String(offset) }));
      await admin.setOffsets({ groupId: `${config.KAFKA_GROUP_ID}.${ProductProjection.name}`, topic, partitions });
    } finally {
      await admin.disconnect();
    }

    app = await startService(config);
    await waitForCatchUp(config, engine, await liveIndexOf(engine, config, ProductProjection), topic, 30_000);
    const found = async () => ((await (await fetch(`http://127.0.0.1:${config.PORT}/search/products?category=positions&size=50`)).json()) as { total: number }).total;
    // Stored; searchable after the next refresh.
    await waitFor('the 30 products searchable', async () => (await found()) === 30, { timeoutMs: 10_000 });
  });
});

// A partition that is quiet while the read alias moves opens its position (the checkpoint, and the document states
// it then gathers) in the index the projector follows when its next message comes. If the alias moves again while
// it opens it, that position must not be carried into the other index: the events between would be lost there.
describe('positions opened while the read alias moves', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  const proxy = new OverloadingProxy(new URL(process.env.SEARCH_URL ?? 'http://127.0.0.1:9200'));

  beforeAll(async () => {
    ({ config, engine } = await isolatedWorld('alias-moves', { SEARCH_URL: await proxy.listen() }));
    app = await startService(config);
  });
  afterAll(async () => {
    await closeWorld(config, engine, app);
    await proxy.close();
  });

  it('keeps the index behind the alias whole when it moves while a partition opens its position', async () => {
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    const home = await (await liveIndexOf(engine, config, ProductProjection))();
    const away = `${alias}-000000`;
    await engine.createIndex(away, loadIndexDefinition(ProductProjection).definition);
    const ids = Array.from({ length: 60 }, () => randomUUID());
    const versions = new Map<string, number>();
    const move = (from: string, to: string) => moveReadAlias(engine, alias, from, to);
    const publishNext = (which: string[]) =>
      publish(config, which.map((id) => {
        const version = (versions.get(id) ?? 0) + 1;
        versions.set(id, version);
        const value = version === 1 ? productCreated(id, 1, { category: 'moving' }) : envelope('ProductPriceChanged', id, version, { newPrice: version });
        return { projection: 'products', key: id, value: JSON.stringify(value) };
      }));
    for (let round = 0; round < 6; round++) {
      // Both indices hold every event: after the projector follows the move, its partitions are quiet.
      await move(home, away);
      await sleep(1500);
      // Reads slow enough that the projector sees the move back while a partition opens its position in `away`.
      proxy.slowReadsMs = 800;
      await move(away, home);
      await sleep(Math.random() * 600);
      // Events for the first half, then for the other: a lost event of the first is not redone by a later one.
      await publishNext(ids.slice(0, 30));
      await sleep(2500);
      await publishNext(ids.slice(30));
      await sleep(1500);
      proxy.slowReadsMs = 0;
      // `away` takes up what it lacks, so the next round starts with both whole.
      await move(home, away);
      await sleep(1500);
      await move(away, home);
      await sleep(1500);
    }
    await waitForCatchUp(config, engine, async () => home, config.topics.PRODUCT_TOPIC, 60_000);
    await engine.refresh(home);
    const model = await readModel(engine, alias, 'productId');
    const wrong = ids.filter((id) => model.get(id)?.version !== versions.get(id)).map((id) => ({ id, stored: model.get(id)?.version ?? null, published: versions.get(id) }));
    expect({ documents: ids.filter((id) => model.has(id)).length, wrong: wrong.slice(0, 5), wrongCount: wrong.length }).toEqual({ documents: ids.length, wrong: [], wrongCount: 0 });
  });
});
