import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { productCreated } from '../support/events';
import { publish } from '../support/publish';
import { closeWorld, endOffsets, isolatedWorld, testKafka, waitFor, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';

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
