import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { PROJECTIONS } from '../../src/projections';
import { sourceTopics } from '../../src/config/topic-settings';
import { topicsOf } from '../../src/join/feeds';
import { AggregateKind } from '../../src/demo/event-stream-generator';
import { readAlias } from '../../src/indices/index-names';
import { PartitionBuffer } from '../../src/projector/partition-buffer';
import { BatchProjector } from '../../src/projector/batch-projector';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { DeadLetterPublisher, DLQ_HEADERS } from '../../src/projector/dead-letter-publisher';
import { dlqTopic } from '../../src/kafka/admin';
import { IndexerMetrics } from '../../src/ops/metrics';
import { faultyStream, FaultyStream } from '../support/faulty-stream';
import { publish } from '../support/publish';
import {
  cleanUp,
  createTopics,
  isolatedConfig,
  readModel,
  readTopic,
  testKafka,
  waitForCatchUp,
  expectSameDocuments,
} from '../support/integration';
import { countEvents, liveIndexOf, startService } from '../support/service';
import { runCli } from '../support/cli';

jest.setTimeout(300_000);

const products = ProductProjection;

describe('projector against the real broker and engine', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  let fs: FaultyStream;
  let productIndex: () => Promise<string>;

  const caughtUp = async () => {
    for (const projection of PROJECTIONS) {
      const index = await liveIndexOf(engine, config, projection);
      for (const topic of topicsOf(config, projection)) await waitForCatchUp(config, engine, index, topic);
      await engine.refresh(await index());
    }
  };

  const expectReadModelEqualsFold = async () => {
    for (const projection of PROJECTIONS) {
      const expected = fs.stream.expected[projection.name as AggregateKind];
      const actual = await readModel(engine, readAlias(config.INDEX_PREFIX, projection), projection.idField);
      const live = [...expected].filter(([, doc]) => doc !== null);
      expectSameDocuments(actual, live);
    }
  };

  beforeAll(async () => {
    config = await isolatedConfig('projector');
    await createTopics(config);
    engine = createSearchEngine(config);
    fs = faultyStream({ seed: 11, products: 600, danceHalls: 150, bands: 150, users: 150, dances: 400, poisonEvery: 97 });
    app = await startService(config);
    productIndex = await liveIndexOf(engine, config, products);
    // The engine forgets its own delete markers after gc_deletes; make that near-immediate so a late
    // redelivery below would resurrect a document if tombstones did not exist.
    await engine.putSettings(await productIndex(), { index: { gc_deletes: '0s' } });
    await publish(config, fs.messages);
    await caughtUp();
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(config);
    await engine?.close();
  });

  it('ends in a read model equal, document by document, to an independent fold of the events', async () => {
    expect(fs.duplicates).toBeGreaterThan(20);
    expect(fs.unknownTypes).toBeGreaterThan(5);
    expect(fs.poison.length).toBeGreaterThanOrEqual(20);
    await expectReadModelEqualsFold();
  });

  it.each(PROJECTIONS.map((p) => [p.name]))('cli verify %s folds its topic independently and finds no difference', (name) => {
    const verified = runCli(config, 'verify', name);
    expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/ 0 differences/);
  });

  it.each([['bands'], ['user-preferences'], ['dance-events']])('cli rebuild %s replays its topics into a fresh index that verify finds equal', async (name) => {
    const alias = readAlias(config.INDEX_PREFIX, { name });
    const [before] = await engine.aliasTargets(alias);
    const rebuilt = runCli(config, 'rebuild', name);
    expect(rebuilt.code).toBe(0);
    const [after] = await engine.aliasTargets(alias);
    expect(after).not.toBe(before);
    await engine.refresh(after);
    const projection = PROJECTIONS.find((p) => p.name === name)!;
    expectSameDocuments(await readModel(engine, alias, projection.idField), [...fs.stream.expected[name as AggregateKind]].filter(([, doc]) => doc !== null));
    expect(runCli(config, 'verify', name).stdout).toMatch(/ 0 differences/);
  });

  it('counts every redelivery as a duplicate and every unknown type as skipped', async () => {
    expect(await countEvents(app, 'duplicate')).toBe(fs.duplicates);
    expect(await countEvents(app, 'skipped')).toBe(fs.unknownTypes);
    expect(await countEvents(app, 'applied')).toBe(fs.valid.length);
  });

  it('dead-letters exactly the poison messages, unchanged, with their origin headers', async () => {
    const letters = (await Promise.all(sourceTopics(config).map((t) => readTopic(config, dlqTopic(t))))).flat();
    expect(new Set(fs.poison.map((p) => p.projection)).size).toBe(PROJECTIONS.length); // every topic had some
    const asSent = (m: { key: string | null; value: string | Buffer | null }) => `${m.key}|${m.value}`;
    expect(letters.map(asSent).sort()).toEqual(fs.poison.map(asSent).sort());
    expect(await countEvents(app, 'dead-lettered')).toBe(fs.poison.length);

    const origins = await readTopic(config, config.topics.PRODUCT_TOPIC);
    for (const letter of letters) {
      expect(letter.headers[DLQ_HEADERS.errorCode]).toMatch(/^(invalid-json|key-mismatch|invalid-envelope|invalid-data)$/);
      expect(letter.headers[DLQ_HEADERS.errorMessage].length).toBeGreaterThan(5);
      expect(sourceTopics(config)).toContain(letter.headers[DLQ_HEADERS.originTopic]);
      if (letter.headers[DLQ_HEADERS.originTopic] === config.topics.PRODUCT_TOPIC) {
        const origin = origins.find(
          (m) => String(m.partition) === letter.headers[DLQ_HEADERS.originPartition] && m.offset === letter.headers[DLQ_HEADERS.originOffset],
        );
        expect(origin && asSent(origin)).toBe(asSent(letter));
      }
    }
    const withHeader = letters.filter((l) => l.headers.origin === 'test');
    expect(withHeader.length).toBe(fs.poison.filter((p) => p.headers?.origin === 'test').length);
  });

  it('replaying the whole topic into the live index changes nothing: every event is a duplicate', async () => {
    const before = await readModel(engine, readAlias(config.INDEX_PREFIX, products), 'productId');
    const kafka = testKafka(config);
    const producer = kafka.producer(PRODUCER_OPTIONS);
    const metrics = new IndexerMetrics();
    const replayer = new BatchProjector(engine, new CheckpointStore(engine), new DeadLetterPublisher(producer), metrics);
    const messages = await readTopic(config, config.topics.PRODUCT_TOPIC);
    const index = await productIndex();
    const totals = { applied: 0, duplicates: 0 };
    for (let partition = 0; partition < 6; partition++) {
      const buffer = new PartitionBuffer({ maxDocuments: 1000, maxBytes: 1 << 20, maxMs: 1000, caughtUpDocuments: 1000 }, false);
      const mine = messages.filter((m) => m.partition === partition).sort((a, b) => Number(a.offset) - Number(b.offset));
      for (let i = 0; i < mine.length; i += 500) {
        const batch = mine.slice(i, i + 500).map((m) => ({ offset: m.offset, key: m.key ? Buffer.from(m.key) : null, value: m.value ? Buffer.from(m.value) : null, headers: m.headers }));
        const result = await replayer.project(products, index, { topic: config.topics.PRODUCT_TOPIC, partition, messages: batch }, buffer, { writeBehind: false });
        totals.applied += result.applied;
        totals.duplicates += result.duplicates;
      }
    }
    await producer.disconnect();
    const productEvents = fs.valid.filter((e) => e.projection === 'products').length;
    const productDuplicates = await countEvents(app, 'duplicate', 'products');
    expect(totals).toEqual({ applied: 0, duplicates: productEvents + productDuplicates });
    await engine.refresh(index);
    expect(await readModel(engine, readAlias(config.INDEX_PREFIX, products), 'productId')).toEqual(before);
  });

  it('a redelivered event long after its aggregate was deleted does not bring the document back', async () => {
    const deletedIds = [...fs.stream.expected.products].filter(([, doc]) => doc === null).map(([id]) => id);
    expect(deletedIds.length).toBeGreaterThan(10);
    const redeliveries = deletedIds.slice(0, 10).map((id) => {
      const created = fs.valid.find((e) => e.key === id && e.envelope.type === 'ProductCreated')!;
      return { projection: 'products' as const, key: id, value: JSON.stringify(created.envelope) };
    });
    // gc_deletes is 0s on this index; wait well past it, and past a refresh, before redelivering.
    await new Promise((r) => setTimeout(r, 2500));
    await engine.refresh(await productIndex());
    const duplicatesBefore = await countEvents(app, 'duplicate', 'products');
    await publish(config, redeliveries);
    await caughtUp();
    expect(await countEvents(app, 'duplicate', 'products')).toBe(duplicatesBefore + 10);
    const visible = await engine.search(readAlias(config.INDEX_PREFIX, products), { query: { ids: { values: deletedIds.slice(0, 10) } } });
    expect(visible.total).toBe(0);
    const stored = await engine.mget(await productIndex(), deletedIds.slice(0, 10));
    for (const id of deletedIds.slice(0, 10)) expect(stored.get(id)?.source.docKind).toBe('tombstone');
  });
});
