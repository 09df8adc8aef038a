import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppConfig, loadConfig, toEnvironment } from '../../src/config/app-config';
import { ProductProjection } from '../../src/projections/product.projection';
import { readAlias } from '../../src/indices/index-names';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { envelope, productCreated } from '../support/events';
import { publish } from '../support/publish';
import { closeWorld, isolatedWorld, readModel, waitForCatchUp } from '../support/integration';
import { liveIndexOf, startService } from '../support/service';

jest.setTimeout(180_000);

type LogLine = { time: number; msg: string; partition: number; writeBehind: boolean; member: number; assignment: Record<string, number[]> };

/** The service's log lines about the product projection since `since` (every app of the process logs to one file). */
const readLog = (config: AppConfig, since: number): LogLine[] =>
  readFileSync(config.LOG_FILE!, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"projection":"${ProductProjection.name}"`))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.time >= since);

// A replay folds write-behind a few partitions at a time (WRITE_BEHIND_PARTITIONS), so it holds only their
// aggregates' states; the others wait, paused at their checkpoints, and lose nothing meanwhile. The slots are
// shared by the projection's group members in the process (KAFKA_CONSUMERS_PER_PROJECTION), and a partition that
// catches up hands its slot to another member's: its own member flushes meanwhile and fetches nothing.
describe('a replay catches up one partition at a time', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;

  beforeAll(async () => {
    // Small fetches and a small lag threshold, so every partition folds many batches write-behind.
    ({ config, engine } = await isolatedWorld('catch-up-turns', { WRITE_BEHIND_PARTITIONS: '1', KAFKA_CONSUMERS_PER_PROJECTION: '2', WRITE_BEHIND_MIN_LAG: '10', KAFKA_FETCH_MAX_BYTES: '4096', LOG_LEVEL: 'debug' }));
  });
  afterAll(() => closeWorld(config, engine, app));

  it('folds each partition in one turn and ends with every document as the events leave it', async () => {
    const ids = Array.from({ length: 120 }, () => randomUUID());
    // One send per version: each partition then holds several record batches, which come as several fetched batches.
    for (const version of [1, 2, 3, 4, 5]) {
      const events = ids.map((id) => (version === 1 ? productCreated(id, 1, { category: 'turns' }) : envelope('ProductPriceChanged', id, version, { newPrice: 100 + version })));
      await publish(config, events.map((e) => ({ projection: 'products', key: e.aggregateId, value: JSON.stringify(e) })));
    }

    // Turns pass between the members only if both join in the first round. The local broker starts a group's first
    // round at once (group.initial.rebalance.delay.ms=0), so now and then one member joins alone, holds all six
    // partitions and replays them before the other gets in: such a replay runs again, as a group and index of its own.
    let run = config;
    let log: LogLine[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (app) await app.close();
      run = loadConfig({ ...toEnvironment(config), KAFKA_GROUP_ID: `${config.KAFKA_GROUP_ID}-${attempt}`, INDEX_PREFIX: `${config.INDEX_PREFIX}${attempt}-` });
      const started = Date.now();
      app = await startService(run);
      await waitForCatchUp(run, engine, await liveIndexOf(engine, run, ProductProjection), run.topics.PRODUCT_TOPIC, 60_000);
      log = readLog(run, started);
      if (!log.some((l) => l.msg === 'joined consumer group' && (l.assignment[run.topics.PRODUCT_TOPIC] ?? []).length === 6)) break;
    }

    const alias = readAlias(run.INDEX_PREFIX, ProductProjection);
    await engine.refresh(alias);
    const model = await readModel(engine, alias, 'productId');
    expect(model.size).toBe(ids.length);
    for (const id of ids) expect(model.get(id)).toMatchObject({ price: 105, version: 5 });

    // The partitions' write-behind batches, in the order they were projected: one partition's run, then the next.
    const turns = log
      .filter((b) => b.msg === 'batch projected' && b.writeBehind)
      .map((b) => b.partition)
      .filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(turns.length).toBeGreaterThan(1);
    expect(new Set(turns).size).toBe(turns.length);

    // Two members split the partitions (their last join), and turns pass from one member to the other.
    const memberOf = new Map<number, number>();
    for (const join of log.filter((l) => l.msg === 'joined consumer group')) for (const p of join.assignment[run.topics.PRODUCT_TOPIC] ?? []) memberOf.set(p, join.member);
    expect(new Set(memberOf.values())).toEqual(new Set([0, 1]));
    const members = turns.map((p) => memberOf.get(p));
    const handedOver = members.filter((m, i) => i > 0 && m !== members[i - 1]).length;
    // Each member holds three of the six partitions: turns alternate while both have partitions waiting.
    expect(handedOver).toBeGreaterThanOrEqual(Math.min(turns.length - 1, 4));
  });
});
