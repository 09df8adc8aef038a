import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { dlqTopic } from '../../src/kafka/admin';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { exited, spawnService } from '../support/child-service';
import { faultyStream } from '../support/faulty-stream';
import { cleanUp, closeWorld, ConsumedMessage, createTopics, isolatedConfig, isolatedWorld, readModel, readTopic, waitForCatchUp } from '../support/integration';
import { stricterMappings } from '../support/mappings';
import { readAlias } from '../../src/indices/index-names';
import { publish } from '../support/publish';
import { liveIndexOf } from '../support/service';

jest.setTimeout(300_000);

describe('dead letters exactly once across crashes', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  const logFile = join(tmpdir(), 'search-indexer-tests', `dlq-once-${process.pid}.log`);

  beforeAll(async () => ({ config, engine } = await isolatedWorld('dlqonce')));
  afterAll(() => closeWorld(config, engine));

  /** `times` owners in a row SIGKILL themselves at the failpoint; then one more catches up and stops. */
  async function killedAtThenCaughtUp(world: AppConfig, failpoint: string, times: number): Promise<void> {
    for (let crash = 0; crash < times; crash++) {
      const marker = join(tmpdir(), `failpoint-${randomBytes(4).toString('hex')}`);
      const child = spawnService(world, logFile, { FAILPOINT: failpoint, FAILPOINT_MARKER: marker });
      expect((await exited(child)).signal).toBe('SIGKILL');
    }
    const survivor = spawnService(world, logFile);
    try {
      await waitForCatchUp(world, engine, await liveIndexOf(engine, world, ProductProjection), world.topics.PRODUCT_TOPIC);
    } finally {
      survivor.kill('SIGTERM');
      await exited(survivor);
    }
  }

  const doubledOrigins = (letters: ConsumedMessage[]) => {
    const origins = letters.map((m) => `${m.headers['dlq-origin-partition']}:${m.headers['dlq-origin-offset']}`);
    return origins.filter((o, i) => origins.indexOf(o) !== i);
  };

  it('a process killed between its dead-letter publish and the checkpoint that passes it never doubles a dead letter', async () => {
    const fs = faultyStream({ seed: 31, products: 400, danceHalls: 0, poisonEvery: 41 });
    await publish(config, fs.messages);
    const poison = fs.poison.length;

    // Three owners in a row die right after publishing dead letters, before their checkpoint is stored.
    await killedAtThenCaughtUp(config, 'after-dead-letters', 3);

    const letters = await readTopic(config, dlqTopic(config.topics.PRODUCT_TOPIC));
    expect({ letters: letters.length, doubled: doubledOrigins(letters) }).toEqual({ letters: poison, doubled: [] });
  });

  it('a process killed between the engine refusing documents and their dead letters loses none of them', async () => {
    // Its own topics and indices, with a mapping that refuses fractional prices.
    const strict = await isolatedConfig('dlqrefused', { INDEX_MAPPINGS_DIR: stricterMappings() });
    await createTopics(strict);
    try {
      const fs = faultyStream({ seed: 37, products: 300, danceHalls: 0, poisonEvery: 1_000_000 });
      await publish(strict, fs.messages);
      await killedAtThenCaughtUp(strict, 'after-engine-refusal', 1);
      // Every product that should exist is in the index or reported as refused: none vanished in between.
      // The checkpoints say all is stored; a refresh makes it searchable (once read unrefreshed on the
      // testcontainers route, where the survivor stops faster: 47 stored products looked vanished).
      await engine.refresh(readAlias(strict.INDEX_PREFIX, ProductProjection));
      const index = await readModel(engine, readAlias(strict.INDEX_PREFIX, ProductProjection), 'productId');
      const letters = await readTopic(strict, dlqTopic(strict.topics.PRODUCT_TOPIC));
      const reported = new Set(letters.map((m) => m.key));
      const vanished = [...fs.stream.expected.products].filter(([id, doc]) => doc !== null && !index.has(id) && !reported.has(id));
      expect(letters.length).toBeGreaterThan(0);
      expect({ vanished: vanished.map(([id]) => id), doubled: doubledOrigins(letters) }).toEqual({ vanished: [], doubled: [] });
    } finally {
      await cleanUp(strict);
    }
  });
});
