import { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { publish } from '../support/publish';
import { cleanUp, createTopics, isolatedConfig, readModel, waitFor, waitForCatchUp, expectSameDocuments } from '../support/integration';
import { exited, spawnService } from '../support/child-service';
import { liveIndexOf } from '../support/service';

jest.setTimeout(600_000);

const TOKEN = 'rebuild-crash-admin-token';

describe('a rebuild killed half-way', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  const logFile = join(tmpdir(), `rebuild-crash-${process.pid}.log`);
  const children: ChildProcess[] = [];
  const alias = () => readAlias(config.INDEX_PREFIX, ProductProjection);
  const admin = async (method: string) => {
    const res = await fetch(`http://127.0.0.1:${config.PORT}/admin/projections/products/rebuild`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // Small write-behind flushes, so the replay's stored progress moves in steps and the kill lands half-way.
    config = await isolatedConfig('rebuildkill', { ADMIN_TOKEN: TOKEN, REBUILD_LOCK_TTL_MS: '3000', WRITE_BEHIND_MAX_DOCS: '300' });
    await createTopics(config);
    engine = createSearchEngine(config);
  });

  afterAll(async () => {
    // A failed assertion must not leave a service running against deleted topics.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanUp(config);
    await engine.close();
  });

  it('is resumed from its checkpoints by the next start, the alias never on the partial index; a second one is aborted on request', async () => {
    // Large enough that the replay, at tens of thousands of events per second, is still running when it is killed.
    const stream = generateEventStream({ seed: 91, products: 40_000, danceHalls: 0, maxChangesPerAggregate: 6 });
    await publish(config, stream.events.map((e) => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) })));
    const first = spawnService(config, logFile);
    children.push(first);
    const index = await liveIndexOf(engine, config, ProductProjection);
    await waitForCatchUp(config, engine, index, config.topics.PRODUCT_TOPIC);
    const blue = await index();
    await waitFor('the admin routes', async () => (await admin('GET').catch(() => ({ status: 0 }))).status === 404);

    const started = await admin('POST');
    expect(started.status).toBe(202);
    const green = started.body.targetIndex as string;
    await waitFor('the replay to be part-way', async () => {
      const r = await admin('GET');
      return r.body.phase === 'replaying' && (r.body.replayed as number) > 0;
    }, { intervalMs: 50 });
    first.kill('SIGKILL');
    await exited(first);
    // Killed half-way: the lock record still names the dead owner and says 'replaying'.
    const record = await engine.getDocument(`${config.INDEX_PREFIX}search-indexer-control`, 'rebuild~products');
    expect(record?.source).toMatchObject({ id: started.body.id, phase: 'replaying', targetIndex: green });
    expect(await engine.aliasTargets(alias())).toEqual([blue]);
    expect(await engine.indexExists(green)).toBe(true);

    const second = spawnService(config, logFile);
    children.push(second);
    try {
      let sawPartialAlias = false;
      const done = await waitFor('the resumed rebuild to complete', async () => {
        // The alias is read before the record: had it moved while the replay was still going, the record
        // read after it would still say 'replaying' (the phase becomes 'cutting-over' before the move).
        const targets = await engine.aliasTargets(alias());
        const r = await admin('GET').catch(() => undefined);
        if (targets.includes(green) && r?.body.phase === 'replaying') sawPartialAlias = true;
        return r?.body.phase === 'completed' ? r.body : undefined;
      }, { timeoutMs: 300_000, intervalMs: 100 });
      expect(sawPartialAlias).toBe(false);
      expect(done.id).toBe(started.body.id);
      expect(done.targetIndex).toBe(green);
      expect(await engine.aliasTargets(alias())).toEqual([green]);
      await engine.refresh(green);
      const actual = await readModel(engine, alias(), 'productId');
      const live = [...stream.expected.products].filter(([, doc]) => doc !== null);
      expectSameDocuments(actual, live);

      const again = await admin('POST');
      expect(again.status).toBe(202);
      const partial = again.body.targetIndex as string;
      const aborted = await admin('DELETE');
      expect(aborted.status).toBe(200);
      expect(aborted.body.phase).toBe('aborted');
      expect(await engine.indexExists(partial)).toBe(false);
      expect(await engine.aliasTargets(alias())).toEqual([green]);
      expect((await admin('DELETE')).status).toBe(409);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
  });
});
