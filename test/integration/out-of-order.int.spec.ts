import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { generateEventStream, GeneratedEvent } from '../../src/demo/event-stream-generator';
import { SeededRandom } from '../../src/demo/random';
import { publish } from '../support/publish';
import { cleanUp, closeWorld, createTopics, expectSameDocuments, isolatedConfig, isolatedWorld, readModel, waitFor, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';
import { runCli } from '../support/cli';

jest.setTimeout(600_000);

const TOKEN = 'out-of-order-admin-token';
const toMessages = (events: GeneratedEvent[]) => events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) }));

/**
 * A stream whose producer reordered events of the same aggregate: later versions before earlier ones next to
 * each other, far apart, across a restart and during a rebuild; plus one aggregate whose v2 never comes.
 */
function reorderedStream() {
  const stream = generateEventStream({ seed: 33, products: 1500, danceHalls: 0, maxChangesPerAggregate: 6 });
  const rnd = new SeededRandom(8);
  const byAggregate = new Map<string, GeneratedEvent[]>();
  for (const e of stream.events) byAggregate.set(e.key, [...(byAggregate.get(e.key) ?? []), e]);
  const multi = [...byAggregate.values()].filter((list) => list.length >= 4);
  const [gapped, ...rest] = multi;
  const neverPublished = gapped[1];
  let events = stream.events.filter((e) => e !== neverPublished);
  const swap = (a: GeneratedEvent, b: GeneratedEvent) => {
    const i = events.indexOf(a);
    const j = events.indexOf(b);
    [events[i], events[j]] = [events[j], events[i]];
  };
  // Adjacent versions swapped (within a batch, mostly), and a last version moved to the very front (batches apart).
  for (const list of rest.slice(0, 60)) swap(list[1], list[2]);
  const farAhead = rest.slice(60, 100).map((list) => list[list.length - 1]);
  events = [...farAhead, ...events.filter((e) => !farAhead.includes(e))];
  // Held back across a restart: v2 of these comes only after the service was stopped and started again.
  const heldBack = rest.slice(100, 130).map((list) => list[1]);
  const half = Math.floor(events.length / 2);
  const beforeRestart = events.slice(0, half).filter((e) => !heldBack.includes(e));
  const afterRestart = [...heldBack, ...events.slice(half).filter((e) => !heldBack.includes(e))];
  // During a rebuild: a new update pair per aggregate, the higher version first.
  const live = rest.slice(130).filter((list) => stream.expected.products.get(list[0].key) !== null).slice(0, 20);
  const duringRebuild = live.flatMap((list) => {
    const last = list[list.length - 1].envelope;
    const next = (v: number, name: string): GeneratedEvent => ({ projection: 'products', key: last.aggregateId, envelope: { ...last, eventId: `00000000-0000-4000-8000-${String(v).padStart(6, '0')}${String(rnd.int(100000, 999999))}`, type: 'ProductUpdated', aggregateVersion: v, data: { name } } });
    return [next(last.aggregateVersion + 2, 'second'), next(last.aggregateVersion + 1, 'first')];
  });
  return { stream, gapped: gapped[0].key, beforeRestart, afterRestart, duringRebuild };
}

describe('events of one aggregate out of order, through the real broker and engine', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication | undefined;
  const data = reorderedStream();
  const http = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${config.PORT}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });
  const alias = () => readAlias(config.INDEX_PREFIX, ProductProjection);

  /** What the read model must hold: the in-order fold, except the gapped aggregate, which stays at v1. */
  const expectedLive = (extra: Map<string, Record<string, unknown>> = new Map()) => {
    const gappedV1 = data.stream.events.find((e) => e.key === data.gapped)!.envelope;
    const atV1 = { productId: data.gapped, ...gappedV1.data, createdAt: gappedV1.occurredAt, updatedAt: gappedV1.occurredAt, version: 1 };
    return [...data.stream.expected.products]
      .map(([id, doc]): [string, Record<string, unknown> | null] => [id, id === data.gapped ? atV1 : (extra.get(id) ?? doc)])
      .filter(([, doc]) => doc !== null);
  };

  beforeAll(async () => ({ config, engine } = await isolatedWorld('reorder', { ADMIN_TOKEN: TOKEN })));
  afterAll(() => closeWorld(config, engine, app));

  it('ends equal to the in-order fold across batches, a restart and a rebuild, with the open gap visible everywhere', async () => {
    await publish(config, toMessages(data.beforeRestart));
    app = await startService(config);
    const index = await liveIndexOf(engine, config, ProductProjection);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    await app.close();
    app = await startService(config);
    await publish(config, toMessages(data.afterRestart));
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    await engine.refresh(await index());
    expectSameDocuments(await readModel(engine, alias(), 'productId'), expectedLive());

    // Nothing is a tombstone without a delete.
    const tombstones = await engine.search(await index(), { size: 10_000, query: { term: { docKind: 'tombstone' } } });
    const deleted = new Set(data.stream.events.filter((e) => e.envelope.type === 'ProductDeleted').map((e) => e.key));
    expect(tombstones.hits.map((h) => h.id).filter((id) => !deleted.has(id))).toEqual([]);

    // The gap that never closes: in the status route, the metrics, the CLI and verify; the document stays at v1.
    const status = async () => ((await (await http('/admin/projections')).json()) as Array<{ name: string; gaps: { open: number; oldestSince: string | null } }>).find((p) => p.name === 'products')!;
    expect((await status()).gaps.open).toBe(1);
    await waitFor('the gap gauges', async () => /indexer_open_gaps\{projection="products"\} 1\b/.test(await (await http('/metrics')).text()));
    const age = /indexer_oldest_gap_age_seconds\{projection="products"\} (\S+)/.exec(await (await http('/metrics')).text())?.[1];
    expect(Number(age)).toBeGreaterThan(0);
    const gaps = runCli(config, 'gaps', 'products');
    expect(gaps.stdout).toContain(data.gapped);
    expect(gaps.stdout).toMatch(/1 open gaps/);
    const verify = runCli(config, 'verify', 'products');
    expect(verify.stdout).toContain(', 0 differences');
    expect(verify.stdout).toMatch(new RegExp(`gap +${data.gapped} +applied v1, waiting for v2`));
    expect(verify.code).toBe(0);

    // A rebuild replays the reordered topic into a fresh index while more reordered events arrive.
    const started = await http('/admin/projections/products/rebuild', { method: 'POST' });
    expect(started.status).toBe(202);
    await publish(config, toMessages(data.duringRebuild));
    await waitFor('the rebuild to complete', async () => ((await (await http('/admin/projections/products/rebuild')).json()) as { phase: string }).phase === 'completed', { timeoutMs: 300_000, intervalMs: 500 });
    const green = (await engine.aliasTargets(alias()))[0];
    await waitForCatchUp(config, engine, async () => green, config.topics.PRODUCT_TOPIC);
    await engine.refresh(green);
    const renamed = new Map<string, Record<string, unknown>>();
    for (const e of data.duringRebuild.filter((x) => x.envelope.data.name === 'second')) {
      const before = data.stream.expected.products.get(e.key)!;
      renamed.set(e.key, { ...before, name: 'second', version: e.envelope.aggregateVersion, updatedAt: e.envelope.occurredAt });
    }
    expectSameDocuments(await readModel(engine, alias(), 'productId'), expectedLive(renamed));
    expect((await status()).gaps.open).toBe(1);

    // An operator gives up waiting: the parked versions are applied over the missing one, which then counts as a duplicate.
    const resolved = runCli(config, 'gaps', 'products', '--resolve', data.gapped);
    expect(resolved.stdout).toMatch(new RegExp(`${data.gapped}: applied v3`));
    await engine.refresh(green);
    const history = data.stream.events.filter((e) => e.key === data.gapped && e.envelope.aggregateVersion !== 2);
    const forced = history.reduce<ReturnType<typeof ProductProjection.evolve>>((state, e) => ProductProjection.evolve(state, e.envelope as never), null);
    const after = await readModel(engine, alias(), 'productId');
    expect(after.get(data.gapped) ? withoutGapFields(after.get(data.gapped)!) : null).toEqual(forced);
    expect((await status()).gaps.open).toBe(0);
  });

  it('applies what is parked over a gap open longer than GAP_MAX_WAIT_MS with GAP_POLICY=apply, and reports it', async () => {
    const policy = await isolatedConfig('gappolicy', { ADMIN_TOKEN: TOKEN, GAP_POLICY: 'apply', GAP_MAX_WAIT_MS: '1000' });
    await createTopics(policy);
    const service = await startService(policy);
    try {
      const histories = [...data.stream.expected.products.keys()].map((id) => data.stream.events.filter((e) => e.key === id));
      const [v1, v2, v3] = histories.find((h) => h.length >= 3 && h[2].envelope.type !== 'ProductDeleted')!;
      await publish(policy, toMessages([v1, v3]));
      const policyAlias = readAlias(policy.INDEX_PREFIX, ProductProjection);
      await waitFor('the gap applied by policy', async () => {
        await engine.refresh(policyAlias).catch(() => undefined);
        return (await readModel(engine, policyAlias, 'productId')).get(v1.key)?.version === 3;
      }, { timeoutMs: 60_000, intervalMs: 500 });
      const metrics = await (await fetch(`http://127.0.0.1:${policy.PORT}/metrics`)).text();
      expect(metrics).toMatch(/indexer_gaps_resolved_total\{projection="products"\} 1\b/);
      expect(v2.envelope.aggregateVersion).toBe(2);
    } finally {
      await service.close();
      await cleanUp(policy);
    }
  });
});

const withoutGapFields = (doc: Record<string, unknown>) => {
  const { docKind: _k, parked: _p, gapSince: _s, ...rest } = doc;
  return rest;
};
