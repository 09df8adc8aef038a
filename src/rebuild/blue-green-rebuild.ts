import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/end-offsets';
import { AppConfig, writeBehindSettings } from '../config/app-config';
import { loadIndexDefinition } from '../indices/index-definitions';
import { physicalIndexName, physicalIndexPattern, READ_ALIAS_FILTER, readAlias, sequenceOf } from '../indices/index-names';
import { IndexerMetrics } from '../ops/metrics';
import { Projection } from '../projections/projection';
import { BatchProjector } from '../projector/batch-projector';
import { CheckpointStore } from '../projector/checkpoint-store';
import { ProjectionConsumer } from '../projector/projection-consumer';
import { IndexDefinition, SearchEngine } from '../search-engine/search-engine.port';
import { sleep } from '../shared/retry';
import { isRetriable } from '../shared/retriable-error';
import { isAbandoned, isRunning, RebuildRecord } from './rebuild-record';
import { RebuildStore, StoredRebuild } from './rebuild-store';

export class RebuildConflictError extends Error {}
export class NoRebuildRunningError extends Error {}

export interface RebuildDeps {
  kafka: Kafka;
  engine: SearchEngine;
  config: AppConfig;
  batchProjector: BatchProjector;
  checkpoints: CheckpointStore;
  metrics: IndexerMetrics;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Names this process in the lock, for operators reading a status. */
  owner: string;
  pollMs?: number;
}

type ReplayStep = { stop: true } | { next: RebuildRecord; cutOver?: boolean };

interface LocalRun {
  consumer: ProjectionConsumer;
  done: Promise<void>;
}

/** Bulk-load settings: no refreshes and no replicas while replaying, as the engines recommend for reindexing. */
function bulkLoadDefinition(definition: IndexDefinition): IndexDefinition {
  const index = (definition.settings.index ?? {}) as Record<string, unknown>;
  return {
    ...definition,
    settings: { ...definition.settings, index: { ...index, refresh_interval: '-1', number_of_replicas: 0, auto_expand_replicas: false } },
  };
}

/**
 * Blue-green rebuild of one projection: a fresh physical index replayed from offset zero by a consumer of
 * its own, then one atomic alias move when it has caught up with the live end offsets. The live index is
 * never touched until that move; the lock in the engine keeps it to one rebuild per projection.
 */
export class BlueGreenRebuild {
  private readonly store: RebuildStore;
  private readonly local = new Map<string, LocalRun>();

  constructor(private readonly d: RebuildDeps) {
    this.store = new RebuildStore(d.engine, d.config.INDEX_PREFIX);
  }

  async status(projection: Projection): Promise<RebuildRecord | undefined> {
    return (await this.store.read(projection.name))?.record;
  }

  /** Starts a rebuild, or resumes one whose owner died; a live one elsewhere is a conflict. */
  async start(projection: Projection, options: { bulkLoadSettings?: boolean } = {}): Promise<RebuildRecord> {
    const previous = await this.store.read(projection.name);
    if (isRunning(previous?.record) && !isAbandoned(previous?.record, this.d.config.REBUILD_LOCK_TTL_MS)) {
      throw new RebuildConflictError(`a rebuild of ${projection.name} is running (${previous!.record.id}, owner ${previous!.record.owner})`);
    }
    const now = new Date().toISOString();
    const resumed = isAbandoned(previous?.record, this.d.config.REBUILD_LOCK_TTL_MS);
    const record: RebuildRecord = resumed
      ? { ...previous!.record, owner: this.d.owner, heartbeatAt: now }
      : {
          id: randomUUID(),
          projection: projection.name,
          phase: 'replaying',
          sourceIndex: (await this.d.engine.aliasTargets(readAlias(this.d.config.INDEX_PREFIX, projection)))[0],
          targetIndex: await this.nextIndexName(projection),
          owner: this.d.owner,
          startedAt: now,
          heartbeatAt: now,
          replayed: 0,
          endOffsets: {},
          target: 0,
          bulkLoadSettings: options.bulkLoadSettings ?? true,
        };
    if (!(await this.store.write(record, previous))) {
      throw new RebuildConflictError(`another instance started a rebuild of ${projection.name} at the same moment`);
    }
    this.d.log('info', resumed ? 'resuming abandoned rebuild' : 'rebuild started', { projection: projection.name, rebuild: record.id, target: record.targetIndex });
    const { definition } = loadIndexDefinition(projection, this.d.config.INDEX_MAPPINGS_DIR);
    if (!(await this.d.engine.indexExists(record.targetIndex))) {
      await this.d.engine.createIndex(record.targetIndex, record.bulkLoadSettings ? bulkLoadDefinition(definition) : definition);
    }
    const consumer = new ProjectionConsumer({
      kafka: this.d.kafka,
      engine: this.d.engine,
      projection,
      topic: this.d.config[projection.topicSetting],
      // kafkajs has no manual assignment: a group of its own, with one member, gets every partition.
      groupId: `${this.d.config.KAFKA_GROUP_ID}.${projection.name}.rebuild.${record.id}`,
      indexPrefix: this.d.config.INDEX_PREFIX,
      writeBehind: writeBehindSettings(this.d.config),
      batchProjector: this.d.batchProjector,
      checkpoints: this.d.checkpoints,
      log: this.d.log,
      fixedIndex: record.targetIndex,
    });
    const done = this.run(projection, record, consumer).finally(() => this.local.delete(projection.name));
    this.local.set(projection.name, { consumer, done });
    return record;
  }

  /** Aborts: here at once, through the lock record when another instance owns it, directly if its owner died. */
  async abort(projection: Projection): Promise<RebuildRecord> {
    const stored = await this.store.read(projection.name);
    if (!isRunning(stored?.record)) throw new NoRebuildRunningError(`no rebuild of ${projection.name} is running`);
    const here = this.local.get(projection.name);
    const requested = { ...stored!.record, abortRequested: true };
    if (isAbandoned(stored!.record, this.d.config.REBUILD_LOCK_TTL_MS)) {
      await this.d.engine.deleteIndex(stored!.record.targetIndex);
      const aborted = { ...requested, phase: 'aborted' as const, finishedAt: new Date().toISOString() };
      await this.store.write(aborted, stored);
      return aborted;
    }
    if (!(await this.store.write(requested, stored))) return this.abort(projection);
    if (here) await here.done;
    return (await this.store.read(projection.name))?.record ?? requested;
  }

  /** Resumes rebuilds whose owner was killed, as the service does on start. */
  async resumeAbandoned(projections: readonly Projection[]): Promise<void> {
    for (const p of projections) {
      if (!this.local.has(p.name) && isAbandoned((await this.store.read(p.name))?.record, this.d.config.REBUILD_LOCK_TTL_MS)) await this.start(p).catch((err: Error) => this.d.log('warn', 'could not resume rebuild', { projection: p.name, error: err.message }));
    }
  }

  /** Waits for a rebuild running in this process to end. */
  async waitFor(projection: Projection): Promise<void> {
    await this.local.get(projection.name)?.done;
  }

  async stopAll(): Promise<void> {
    // Leaving the replay unfinished is safe: its checkpoints are in the target index, and after the lock
    // expires the next start (or a request) resumes it from there.
    await Promise.all([...this.local.values()].map((run) => run.consumer.stop()));
  }

  private async run(projection: Projection, initial: RebuildRecord, consumer: ProjectionConsumer): Promise<void> {
    const topic = this.d.config[projection.topicSetting];
    let record = initial;
    let stopped = false;
    try {
      if (record.target === 0) {
        const ends = await fetchEndOffsets(this.d.kafka, topic);
        record = { ...record, endOffsets: Object.fromEntries(ends), target: [...ends.values()].reduce((a, b) => a + b, 0) };
      }
      this.d.metrics.rebuildTarget.set({ projection: projection.name }, record.target);
      await consumer.start();
      for (;;) {
        const step = await this.replayStep(projection, record, consumer).catch(async (err: unknown) => {
          // An engine or Kafka hiccup (a shard not yet started, a restart) must not fail a long replay.
          if (!isRetriable(err)) throw err;
          this.d.log('warn', 'rebuild progress check failed; retrying', { projection: projection.name, rebuild: record.id, error: (err as Error).message });
          await sleep(this.d.pollMs ?? 1000);
          return { next: record } as ReplayStep;
        });
        if ('stop' in step) {
          stopped = true;
          return;
        }
        record = step.next;
        if (step.cutOver) break;
      }
      await this.cutOver(projection, record);
      await consumer.stop();
      stopped = true;
      await this.deleteGroup(`${this.d.config.KAFKA_GROUP_ID}.${projection.name}.rebuild.${record.id}`);
      await this.dropOldIndices(projection, record.targetIndex);
      await this.finish(projection, { ...record, phase: 'completed' });
      this.d.log('info', 'rebuild completed; read alias moved', { projection: projection.name, rebuild: record.id, index: record.targetIndex, replayed: record.replayed });
    } catch (err) {
      this.d.log('error', 'rebuild failed', { projection: projection.name, rebuild: record.id, error: (err as Error).message });
      if (!stopped) await consumer.stop().catch(() => undefined);
      const failed = { ...record, phase: 'failed' as const, error: (err as Error).message };
      await this.finish(projection, failed).catch(() => undefined);
      // A failed replay leaves no partial index behind; the alias never pointed at it.
      const aliasTargets = await this.d.engine.aliasTargets(readAlias(this.d.config.INDEX_PREFIX, projection)).catch(() => [record.targetIndex]);
      if (!aliasTargets.includes(record.targetIndex)) await this.d.engine.deleteIndex(record.targetIndex).catch(() => undefined);
    }
  }

  private async finish(projection: Projection, record: RebuildRecord, stored?: StoredRebuild): Promise<void> {
    const current = stored ?? (await this.store.read(projection.name));
    await this.store.write({ ...record, finishedAt: new Date().toISOString(), heartbeatAt: new Date().toISOString() }, current);
  }

  /** One turn of the replay loop: keep the lock, honour an abort, report progress, decide on cutover. */
  private async replayStep(
    projection: Projection,
    current: RebuildRecord,
    consumer: ProjectionConsumer,
  ): Promise<ReplayStep> {
    const topic = this.d.config[projection.topicSetting];
    const stored = await this.store.read(projection.name);
    if (!stored || stored.record.id !== current.id || stored.record.owner !== this.d.owner || !isRunning(stored.record)) {
      this.d.log('warn', 'rebuild lock taken over; stopping here', { projection: projection.name, rebuild: current.id });
      await consumer.stop();
      return { stop: true };
    }
    if (stored.record.abortRequested) {
      await consumer.stop();
      await this.d.engine.deleteIndex(current.targetIndex);
      await this.finish(projection, { ...stored.record, phase: 'aborted' }, stored);
      this.d.log('info', 'rebuild aborted; live index untouched', { projection: projection.name, rebuild: current.id });
      return { stop: true };
    }
    const { replayed, caughtUp } = await this.progress(topic, current.targetIndex);
    let record: RebuildRecord = { ...current, replayed, heartbeatAt: new Date().toISOString() };
    this.d.metrics.rebuildReplayed.set({ projection: projection.name }, replayed);
    if (caughtUp) {
      record = { ...record, phase: 'cutting-over' };
      if (await this.store.write(record, stored)) return { next: record, cutOver: true };
      return { next: current };
    }
    await this.store.write(record, stored);
    await sleep(this.d.pollMs ?? 1000);
    return { next: record };
  }

  private async cutOver(projection: Projection, record: RebuildRecord): Promise<void> {
    const { definition } = loadIndexDefinition(projection, this.d.config.INDEX_MAPPINGS_DIR);
    if (record.bulkLoadSettings) {
      const index = (definition.settings.index ?? {}) as Record<string, unknown>;
      await this.d.engine.putSettings(record.targetIndex, {
        index: { refresh_interval: index.refresh_interval ?? '1s', auto_expand_replicas: index.auto_expand_replicas ?? '0-1' },
      });
    }
    await this.d.engine.refresh(record.targetIndex);
    const alias = readAlias(this.d.config.INDEX_PREFIX, projection);
    const current = await this.d.engine.aliasTargets(alias);
    // One request: searches see the old index or the new one, never neither and never both.
    await this.d.engine.updateAliases([
      ...current.filter((i) => i !== record.targetIndex).map((index) => ({ remove: { index, alias } })),
      { add: { index: record.targetIndex, alias, filter: READ_ALIAS_FILTER } },
    ]);
  }

  private async dropOldIndices(projection: Projection, keep: string): Promise<void> {
    const all = await this.d.engine.listIndices(physicalIndexPattern(this.d.config.INDEX_PREFIX, projection));
    const older = all
      .filter((i) => i !== keep && sequenceOf(i) !== undefined && sequenceOf(i)! < sequenceOf(keep)!)
      .sort((a, b) => sequenceOf(b)! - sequenceOf(a)!);
    for (const index of older.slice(this.d.config.REBUILD_KEEP_INDICES)) {
      this.d.log('info', 'deleting old index', { projection: projection.name, index });
      await this.d.engine.deleteIndex(index);
    }
  }

  private async nextIndexName(projection: Projection): Promise<string> {
    const existing = await this.d.engine.listIndices(physicalIndexPattern(this.d.config.INDEX_PREFIX, projection));
    const highest = Math.max(0, ...existing.map((i) => sequenceOf(i) ?? 0));
    return physicalIndexName(this.d.config.INDEX_PREFIX, projection, highest + 1);
  }


  /** Caught up means the target index holds every message now in the topic, including those published meanwhile. */
  private async progress(topic: string, index: string): Promise<{ replayed: number; caughtUp: boolean }> {
    const ends = await fetchEndOffsets(this.d.kafka, topic);
    const checkpoints = await this.d.checkpoints.read(index, topic, [...ends.keys()]);
    let replayed = 0;
    let caughtUp = true;
    for (const [partition, end] of ends) {
      const next = (checkpoints.get(partition) ?? -1) + 1;
      replayed += next;
      if (next < end) caughtUp = false;
    }
    return { replayed, caughtUp };
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.d.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([groupId]);
    } catch (err) {
      this.d.log('warn', 'could not delete the rebuild consumer group', { groupId, error: (err as Error).message });
    } finally {
      await admin.disconnect();
    }
  }
}
