import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { dlqTopic, ensureTopics, fetchEndOffsets, withAdmin } from '../../src/kafka/admin';
import { readTopicToEnd } from '../../src/kafka/topic-reader';
import { sourceTopics } from '../../src/config/topic-settings';
import { forEachHit } from '../../src/search-engine/engine-helpers';
import { PROJECTIONS } from '../../src/projections';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { catchUp } from '../../src/projector/catch-up';
import { READ_ALIAS_FILTER } from '../../src/indices/index-names';

/** True when scripts/test.sh brought up the local stack, so a test may stop and start the engine. */
export const localStackManaged = process.env.LOCAL_STACK_MANAGED === '1';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A configuration of its own for one test file: its own topics, index prefix and consumer group. */
export async function isolatedConfig(name: string, env: Record<string, string> = {}): Promise<AppConfig> {
  const id = `${name}-${randomBytes(3).toString('hex')}`;
  return loadConfig({
    ...process.env,
    ...Object.fromEntries(PROJECTIONS.map((p) => [p.topic.setting, `t-${id}-${p.topic.defaultName}`])),
    INDEX_PREFIX: `t-${id}-`,
    KAFKA_GROUP_ID: `t-${id}`,
    KAFKA_CLIENT_ID: `t-${id}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // Services under test log to a file of their own, so the test report stays readable.
    LOG_FILE: join(tmpdir(), 'search-indexer-tests', `${id}.log`),
    PORT: String(await freePort()),
    ...env,
  });
}

export const testKafka = (config: AppConfig) =>
  new Kafka({ clientId: `${config.KAFKA_CLIENT_ID}-test`, brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });

export async function createTopics(config: AppConfig, partitions = 6): Promise<void> {
  await ensureTopics(testKafka(config), sourceTopics(config), partitions);
}

/** A test file's own world: an isolated configuration, its topics created, and an engine client. */
export async function isolatedWorld(name: string, env: Record<string, string> = {}): Promise<{ config: AppConfig; engine: SearchEngine }> {
  const config = await isolatedConfig(name, env);
  await createTopics(config);
  return { config, engine: createSearchEngine(config) };
}

/** Closes the apps a test file started, removes its topics and indices, and closes its engine client. */
export async function closeWorld(config: AppConfig, engine: SearchEngine | undefined, ...apps: (INestApplication | undefined)[]): Promise<void> {
  for (const app of apps) await app?.close();
  await cleanUp(config);
  await engine?.close();
}

/** Removes what a test created: its topics and its indices. */
export async function cleanUp(config: AppConfig): Promise<void> {
  await withAdmin(testKafka(config), async (admin) => {
    const existing = new Set(await admin.listTopics());
    const mine = sourceTopics(config).flatMap((t) => [t, dlqTopic(t)]).filter((t) => existing.has(t));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  });
  const engine = createSearchEngine(config);
  try {
    for (const index of await engine.listIndices(`${config.INDEX_PREFIX}*`)) await engine.deleteIndex(index);
  } finally {
    await engine.close();
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 120_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      // A failed expectation inside the probe fails the test at once; only errors (not answering yet) are retried.
      if ((err as { matcherResult?: unknown }).matcherResult !== undefined) throw err;
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** End offsets (next offset to be written) per partition. */
export const endOffsets = (config: AppConfig, topic: string) => fetchEndOffsets(testKafka(config), topic);

/** Resolves once the index's checkpoints cover every message now in the topic. */
export async function waitForCatchUp(config: AppConfig, engine: SearchEngine, index: () => Promise<string>, topic: string, timeoutMs = 180_000) {
  const ends = await endOffsets(config, topic);
  const store = new CheckpointStore(engine);
  await waitFor(`${topic} projected up to its end offsets`, async () => (await catchUp(testKafka(config), store, topic, await index(), ends)).caughtUp, {
    timeoutMs,
    intervalMs: 500,
  });
}

export interface ConsumedMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads every message now in a topic, through a throwaway consumer group. */
export async function readTopic(config: AppConfig, topic: string): Promise<ConsumedMessage[]> {
  const messages: ConsumedMessage[] = [];
  await readTopicToEnd(testKafka(config), topic, `${config.KAFKA_GROUP_ID}-reader-${randomBytes(3).toString('hex')}`, (partition, message) =>
    messages.push({
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value?.toString() ?? null,
      headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
    }),
  );
  return messages;
}

/** Every document visible through an alias, by id. */
export async function readModel(engine: SearchEngine, alias: string, idField: string): Promise<Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Record<string, unknown>>();
  await forEachHit(engine, alias, { sort: [{ [idField]: 'asc' }] }, (hit) => docs.set(hit.id, hit.source));
  return docs;
}

/** The read model as the contract states it: the stored document without our storage fields. */
export function withoutStorageFields(doc: Record<string, unknown>): Record<string, unknown> {
  const { docKind: _kind, parked: _parked, gapSince: _since, ...rest } = doc;
  return rest;
}

/** The read model equals the expected live documents, one by one (each failure names its document). */
export function expectSameDocuments(actual: Map<string, Record<string, unknown>>, live: Array<[string, Record<string, unknown> | null]>): void {
  expect(actual.size).toBe(live.length);
  for (const [id, doc] of live) expect({ id, doc: withoutStorageFields(actual.get(id) ?? {}) }).toEqual({ id, doc });
}

/** Moves a read alias from one physical index to another in one request, as a cutover does. */
export const moveReadAlias = (engine: SearchEngine, alias: string, from: string, to: string) =>
  engine.updateAliases([{ remove: { index: from, alias } }, { add: { index: to, alias, filter: READ_ALIAS_FILTER } }]);
