import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { IndexerMetrics } from '../../src/ops/metrics';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { publish } from '../support/publish';
import { cleanUp, createTopics, isolatedConfig, localStackManaged, readModel, waitFor, waitForCatchUp, expectSameDocuments } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';
import { startEngine, stopEngine } from '../support/local-stack';

jest.setTimeout(420_000);

const products = ProductProjection;
// Stopping the engine is only safe on the stack scripts/test.sh brought up for this run.
const describeOnLocalStack = localStackManaged ? describe : describe.skip;

describeOnLocalStack('search engine outage mid-stream', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;

  beforeAll(async () => {
    config = await isolatedConfig('outage');
    await createTopics(config);
    engine = createSearchEngine(config);
    app = await startService(config);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(config);
    await engine?.close();
  });

  const ready = async () => {
    const res = await fetch(`http://127.0.0.1:${config.PORT}/health/ready`);
    return { status: res.status, body: (await res.json()) as { details?: Record<string, { status: string; reason?: string }> } };
  };
  const retries = async () => (await app.get(IndexerMetrics).retries.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('retries while the engine is down, turns not-ready, and catches up with nothing lost when it returns', async () => {
    const stream = generateEventStream({ seed: 23, products: 1500, danceHalls: 0 });
    const messages = stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) }));
    const half = Math.floor(messages.length / 2);
    const index = await liveIndexOf(engine, config, products);
    await publish(config, messages.slice(0, half));
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    const liveIndex = await index();
    await waitFor('ready before the outage', async () => (await ready()).status === 200, { timeoutMs: 30_000 });

    stopEngine();
    try {
      await publish(config, messages.slice(half));
      const notReady = await waitFor('ready to turn 503', async () => {
        const r = await ready();
        return r.status === 503 ? r : undefined;
      }, { timeoutMs: 60_000 });
      expect(notReady.body.details?.searchEngine?.status).toBe('down');
      await waitFor('the projector to retry', async () => (await retries()) > 2, { timeoutMs: 60_000 });
      expect(notReady.body.details?.searchEngine?.reason).toMatch(/unreachable|did not answer/);
    } finally {
      startEngine();
    }

    await waitFor('ready to turn 200 again', async () => (await ready()).status === 200, { timeoutMs: 120_000, intervalMs: 1000 });
    await waitForCatchUp(config, engine, async () => liveIndex, config.topics.PRODUCT_TOPIC);
    await engine.refresh(liveIndex);
    const actual = await readModel(engine, readAlias(config.INDEX_PREFIX, products), 'productId');
    const live = [...stream.expected.products].filter(([, doc]) => doc !== null);
    expectSameDocuments(actual, live);
  });
});
