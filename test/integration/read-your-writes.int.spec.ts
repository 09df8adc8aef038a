import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { AppConfig } from '../../src/config/app-config';
import { consistencyToken } from '../../src/consistency/producer-token';
import { readAlias } from '../../src/indices/index-names';
import { loadIndexDefinition } from '../../src/indices/index-definitions';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { IndexerMetrics } from '../../src/ops/metrics';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { envelope, productCreated } from '../support/events';
import { closeWorld, endOffsets, freePort, isolatedWorld, localStackManaged, moveReadAlias, testKafka, waitFor } from '../support/integration';
import { startEngine, stopEngine } from '../support/local-stack';
import { startService } from '../support/service';

jest.setTimeout(600_000);

const TOKEN = 'read-your-writes-admin-token';
type Answer = { status: number; body: Record<string, any> };

describe('read your own writes (consistentWith)', () => {
  let config: AppConfig;
  let second: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  let app2: INestApplication;
  let producer: Producer;
  let topic: string;
  const versions = new Map<string, number>();

  const get = async (cfg: AppConfig, path: string): Promise<Answer> => {
    const res = await fetch(`http://127.0.0.1:${cfg.PORT}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const send = async (key: string, value: string, to = topic) => consistencyToken(await producer.send({ topic: to, acks: -1, messages: [{ key, value }] }));
  /** Publishes the aggregate's next event and answers its token. */
  const next = (id: string, type: string, data: Record<string, unknown>) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return send(id, JSON.stringify(version === 1 ? productCreated(id, 1, data) : envelope(type, id, version, data)));
  };
  const byCategory = (cfg: AppConfig, category: string, token?: string) =>
    get(cfg, `/search/products?category=${category}${token ? `&consistentWith=${encodeURIComponent(token)}` : ''}`);
  const shows = (answer: Answer, id: string) => answer.status === 200 && answer.body.total === 1 && answer.body.items[0].productId === id;

  beforeAll(async () => {
    ({ config, engine } = await isolatedWorld('ryw', { ADMIN_TOKEN: TOKEN, SEARCH_RATE_LIMIT: '100000', CONSISTENCY_MAX_WAIT_MS: '10000' }));
    topic = config.topics.PRODUCT_TOPIC;
    second = { ...config, PORT: await freePort(), CONSISTENCY_MAX_WAIT_MS: 2000 } as AppConfig;
    producer = testKafka(config).producer(PRODUCER_OPTIONS);
    await producer.connect();
    app = await startService(config);
    app2 = await startService(second);
  });

  afterAll(async () => {
    await producer?.disconnect();
    if (config) await closeWorld(config, engine, app, app2);
  });

  it('re-projects a partition that receives nothing new into the index the alias moved to', async () => {
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    const id = randomUUID();
    await next(id, 'ProductCreated', { category: 'quiet-1' });
    const token = await next(id, 'ProductUpdated', { category: 'quiet-2' });
    expect(shows(await byCategory(config, 'quiet-2', token), id)).toBe(true);
    // First in the file, while the topic is short: the fresh index below is projected from offset zero.
    // A cutover whose new index lacks the last events, as when they arrive between a rebuild's last check and its alias move.
    const [old] = await engine.aliasTargets(alias);
    const fresh = `${alias}-000000`; // numbered below the live one, so later rebuilds number as usual
    await engine.createIndex(fresh, loadIndexDefinition(ProductProjection).definition);
    await moveReadAlias(engine, alias, old, fresh);
    await new Promise((r) => setTimeout(r, 3 * config.CONSISTENCY_POLL_MS)); // past what the watcher saw in the old index
    const answer = await byCategory(config, 'quiet-2', token);
    expect({ status: answer.status, shown: shows(answer, id) }).toEqual({ status: 200, shown: true });
    // Back to the old index; the fresh one is left to the file's clean-up, since deleting an index the live
    // projector may still be writing to (it follows within a second) would crash its consumer.
    await moveReadAlias(engine, alias, fresh, old);
  });

  it('shows an update searched right after publishing it, 100 times in a row under 2,000 events/s; without the token some searches miss it', async () => {
    const load = startLoad(2000);
    try {
      const id = randomUUID();
      const run = randomUUID().slice(0, 8);
      const missedWith: unknown[] = [];
      for (let i = 0; i <= 100; i++) {
        const token = await next(id, i === 0 ? 'ProductCreated' : 'ProductUpdated', { category: `c${run}-${i}` });
        const started = Date.now();
        const answer = await byCategory(config, `c${run}-${i}`, token);
        // What a miss looked like: a timeout (504 with the positions reached) or an answer without the update.
        if (!shows(answer, id)) missedWith.push({ i, token, ms: Date.now() - started, status: answer.status, body: answer.body });
      }
      let missedWithout = 0;
      for (let i = 101; i <= 200; i++) {
        await next(id, 'ProductUpdated', { category: `c${run}-${i}` });
        if (!shows(await byCategory(config, `c${run}-${i}`), id)) missedWithout++;
      }
      expect(missedWith).toEqual([]);
      expect(missedWithout).toBeGreaterThan(0);
      expect(load.sent()).toBeGreaterThan(10_000);
    } finally {
      await load.stop();
    }
  });

  it('serves 100 requests waiting at once with one poll per interval, not one per request', async () => {
    const metrics = app.get(IndexerMetrics);
    const polls = async () => (await metrics.consistencyPolls.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await polls();
    const started = Date.now();
    const id = randomUUID();
    const token = await next(id, 'ProductCreated', { category: 'crowd' });
    const answers = await Promise.all(Array.from({ length: 100 }, () => byCategory(config, 'crowd', token)));
    const elapsed = Date.now() - started;
    expect(answers.filter((a) => shows(a, id))).toHaveLength(100);
    expect((await polls()) - before).toBeLessThanOrEqual(Math.ceil(elapsed / config.CONSISTENCY_POLL_MS) + 2);
    const waits = (await metrics.consistencyWaits.get()).values.find((v) => v.labels.outcome === 'reached')?.value ?? 0;
    expect(waits).toBeGreaterThanOrEqual(200);
  });

  it('answers 400 for a bad token, a topic no projection reads and a partition that does not exist', async () => {
    for (const [token, reason] of [
      ['nonsense', 'not topic:partition:offset'],
      [`${topic}:0`, 'not topic:partition:offset'],
      ['nobody-reads-this:0:1', "no projection reads topic 'nobody-reads-this'"],
      [`${topic}:99:1`, `has no partition 99`],
    ]) {
      const answer = await byCategory(second, 'x', token);
      expect({ token, status: answer.status, code: answer.body.error?.code }).toEqual({ token, status: 400, code: 'invalid_consistency_token' });
      expect(answer.body.error.message).toContain(reason);
    }
  });

  it('counts a dead-lettered and a skipped event as passed, and times out on an offset beyond the end with the positions reached', async () => {
    const id = randomUUID();
    await next(id, 'ProductCreated', { category: 'edge' });
    expect((await byCategory(second, 'edge', await send(id, '{"not json'))).status).toBe(200);
    const skipped = await send(id, JSON.stringify(envelope('ProductReviewed', id, 99, { stars: 5 })));
    expect(shows(await byCategory(second, 'edge', skipped), id)).toBe(true);

    const partition = Number(skipped.split(':')[1]);
    const beyond = `${topic}:${partition}:${(await endOffsets(config, topic)).get(partition)! + 1000}`;
    const started = Date.now();
    const late = await byCategory(second, 'edge', beyond);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(late.status).toBe(504);
    expect(late.body.error.code).toBe('consistency_timeout');
    expect(late.body.error.reached[`${topic}:${partition}`]).toBeGreaterThanOrEqual(Number(skipped.split(':')[2]));

    const positions = await get(second, `/positions?consistentWith=${skipped},${config.topics.DANCE_HALL_TOPIC}:0:0`);
    expect(positions.status).toBe(200);
    expect(positions.body.consistent).toBe(false); // nothing at offset 0 of the dance-hall partition yet
    expect(positions.body.reached[`${topic}:${partition}`]).toBeGreaterThanOrEqual(Number(skipped.split(':')[2]));
  });

  it('holds on a second instance, whichever instance owns the partition', async () => {
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      expect(shows(await byCategory(second, `second-${i}`, await next(id, 'ProductCreated', { category: `second-${i}` })), id)).toBe(true);
    }
  });

  it('holds across a blue-green cutover while requests wait', async () => {
    const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
    // Enough to replay that the rebuild takes a while, caught up by the live projector first; and a load racing the cutover.
    for (let n = 0; n < 50; n++) await producer.send({ topic, acks: -1, messages: loadMessages(2000) });
    const last = await next(randomUUID(), 'ProductCreated', {});
    expect((await get(config, `/positions?consistentWith=${last}`)).body.consistent).toBe(true);
    const before = (await engine.aliasTargets(alias))[0];
    const load = startLoad(2000);
    const post = await fetch(`http://127.0.0.1:${config.PORT}/admin/projections/products/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(post.status).toBe(202);
    const id = randomUUID();
    const sides = { before: 0, across: 0, after: 0 };
    const missed: unknown[] = [];
    for (let i = 1; sides.after < 5; i++) {
      const started = Date.now();
      const aliasAtStart = (await engine.aliasTargets(alias))[0];
      const token = await next(id, 'ProductUpdated', { category: `cut-${i}` });
      const answer = await byCategory(config, `cut-${i}`, token);
      if (!shows(answer, id)) missed.push({ i, token, ms: Date.now() - started, status: answer.status, body: answer.body });
      const aliasAtEnd = (await engine.aliasTargets(alias))[0];
      sides[aliasAtEnd === before ? 'before' : aliasAtStart === before ? 'across' : 'after']++;
    }
    await load.stop();
    expect(missed).toEqual([]);
    expect(sides.before + sides.across).toBeGreaterThan(0);
  });

  (localStackManaged ? it : it.skip)('answers 504 with the positions reached while the engine is stopped, and stays healthy', async () => {
    const id = randomUUID();
    const created = await next(id, 'ProductCreated', { category: 'outage' });
    expect(shows(await byCategory(second, 'outage', created), id)).toBe(true);
    stopEngine();
    let token = '';
    try {
      token = await next(id, 'ProductUpdated', { category: 'outage-2' });
      const started = Date.now();
      const answer = await byCategory(second, 'outage-2', token);
      const waited = Date.now() - started;
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 504, code: 'consistency_timeout' });
      expect(waited).toBeGreaterThanOrEqual(2000);
      expect(waited).toBeLessThan(4000);
      const key = token.split(':').slice(0, 2).join(':');
      expect(answer.body.error.reached[key]).toBeGreaterThanOrEqual(Number(created.split(':')[2]));
      expect(answer.body.error.reached[key]).toBeLessThan(Number(token.split(':')[2]));
      expect((await get(second, '/health/live')).status).toBe(200);
    } finally {
      startEngine();
    }
    await waitFor('ready again', async () => (await get(second, '/health/ready')).status === 200, { timeoutMs: 120_000 });
    expect(shows(await byCategory(second, 'outage-2', token), id)).toBe(true);
  });

  /** Events for 500 products of the load's own: created, then price changes. */
  const loadIds = Array.from({ length: 500 }, () => randomUUID());
  let loadSent = 0;
  function loadMessages(n: number) {
    return Array.from({ length: n }, () => {
      const id = loadIds[loadSent++ % loadIds.length];
      const version = (versions.get(id) ?? 0) + 1;
      versions.set(id, version);
      return { key: id, value: JSON.stringify(version === 1 ? productCreated(id) : envelope('ProductPriceChanged', id, version, { newPrice: version })) };
    });
  }

  /** The load at `perSecond`, in tenth-of-a-second sends, until stopped. */
  function startLoad(perSecond: number) {
    const before = loadSent;
    let stopping = false;
    const loop = (async () => {
      while (!stopping) {
        const started = Date.now();
        await producer.send({ topic, acks: -1, messages: loadMessages(perSecond / 10) });
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
      }
    })();
    return { sent: () => loadSent - before, stop: async () => ((stopping = true), await loop) };
  }
});
