import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { publish } from '../support/publish';
import { closeWorld, endOffsets, expectSameDocuments, isolatedWorld, readModel, testKafka, waitFor, waitForCatchUp } from '../support/integration';
import { exited, spawnService } from '../support/child-service';
import { liveIndexOf } from '../support/service';

jest.setTimeout(300_000);

const products = ProductProjection;

describe('crash recovery: SIGKILL in the middle of a backlog', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  const logFile = join(tmpdir(), `crash-recovery-${process.pid}.log`);

  beforeAll(async () => ({ config, engine } = await isolatedWorld('crash')));
  afterAll(() => closeWorld(config, engine));

  it('ends, after a restart, in the same read model with nothing lost and no stale overwrite', async () => {
    const stream = generateEventStream({ seed: 5, products: 12_000, danceHalls: 0, maxChangesPerAggregate: 6 });
    await publish(config, stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) })));
    const ends = await endOffsets(config, config.topics.PRODUCT_TOPIC);
    const total = [...ends.values()].reduce((a, b) => a + b, 0);

    const first = spawnService(config, logFile);
    const index = await liveIndexOf(engine, config, products);
    const store = new CheckpointStore(engine);
    const progress = async () => {
      const cps = await store.read(await index(), config.topics.PRODUCT_TOPIC, [...ends.keys()]);
      return [...cps.values()].reduce((sum, offset) => sum + offset + 1, 0);
    };
    await waitFor('the projector to be part-way through the backlog', async () => (await progress()) > 0, { intervalMs: 20 });
    first.kill('SIGKILL');
    expect((await exited(first)).signal).toBe('SIGKILL');
    const atKill = await progress();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(total);

    const second = spawnService(config, logFile);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    await engine.refresh(await index());
    const actual = await readModel(engine, readAlias(config.INDEX_PREFIX, products), 'productId');
    const live = [...stream.expected.products].filter(([, doc]) => doc !== null);
    expectSameDocuments(actual, live);

    // Graceful shutdown: SIGTERM ends the process cleanly and the member leaves its group at once.
    second.kill('SIGTERM');
    expect(await exited(second)).toEqual({ code: 0, signal: null });
    const admin = testKafka(config).admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([`${config.KAFKA_GROUP_ID}.products`]);
    await admin.disconnect();
    expect(groups[0].state).toBe('Empty');
  });
});
