import { topicOf } from '../config/topic-settings';
import { readAlias } from '../indices/index-names';
import { Projection } from '../projections/projection';
import { sleep } from '../shared/retry';
import { isRetriable } from '../shared/retriable-error';
import { isAbandoned, isRunning, newRebuildRecord, RebuildRecord } from './rebuild-record';
import { NoRebuildRunningError, RebuildConflictError, RebuildDeps, ShuttingDownError } from './rebuild-deps';
import { deadLetterOrigins } from '../projector/dead-letter-reader';
import { dlqTopic } from '../kafka/admin';
import { RebuildStore } from './rebuild-store';
import { RebuildIndices } from './rebuild-indices';
import { Replay, replayEnds, replayGroup, replayPosition } from './replay';

type ReplayStep = { stop: true } | { next: RebuildRecord; cutOver?: boolean };
type LocalRun = { replay: Replay; done: Promise<void> };

/**
 * Blue-green rebuild of one projection: a fresh physical index replayed from offset zero by a consumer of
 * its own, then one atomic alias move when it has caught up with the live end offsets. The live index is
 * never touched until that move; the lock in the engine keeps it to one rebuild per projection.
 */
export class BlueGreenRebuild {
  private readonly store: RebuildStore;
  private readonly indices: RebuildIndices;
  private readonly local = new Map<string, LocalRun>();
  private stopped = false;

  constructor(private readonly d: RebuildDeps) {
    this.store = new RebuildStore(d.engine, d.config.INDEX_PREFIX);
    this.indices = new RebuildIndices(d.engine, d.config);
  }

  async status(projection: Projection): Promise<RebuildRecord | undefined> {
    return (await this.store.read(projection.name))?.record;
  }

  /** Starts a rebuild, or resumes one whose owner died; a live one elsewhere is a conflict. */
  async start(projection: Projection, options: { bulkLoadSettings?: boolean } = {}): Promise<RebuildRecord> {
    try {
      return await this.begin(projection, options);
    } catch (err) {
      // A shutdown meanwhile closes the clients under a start: its lock expires and the rebuild resumes later.
      if (!this.stopped || err instanceof RebuildConflictError) throw err;
      throw new ShuttingDownError(`the service is shutting down; the rebuild of ${projection.name} resumes when its lock expires`);
    }
  }

  private async begin(projection: Projection, options: { bulkLoadSettings?: boolean }): Promise<RebuildRecord> {
    const previous = await this.store.read(projection.name);
    if (isRunning(previous?.record) && !isAbandoned(previous?.record, this.d.config.REBUILD_LOCK_TTL_MS)) {
      throw new RebuildConflictError(`a rebuild of ${projection.name} is running (${previous!.record.id}, owner ${previous!.record.owner})`);
    }
    const resumed = isAbandoned(previous?.record, this.d.config.REBUILD_LOCK_TTL_MS);
    const record: RebuildRecord = resumed
      ? { ...previous!.record, owner: this.d.owner, heartbeatAt: new Date().toISOString() }
      : newRebuildRecord({
          projection: projection.name,
          sourceIndex: (await this.d.engine.aliasTargets(readAlias(this.d.config.INDEX_PREFIX, projection)))[0],
          targetIndex: await this.indices.nextName(projection),
          owner: this.d.owner,
          bulkLoadSettings: options.bulkLoadSettings ?? true,
        });
    if (!(await this.store.write(record, previous))) {
      throw new RebuildConflictError(`another instance started a rebuild of ${projection.name} at the same moment`);
    }
    this.d.log('info', resumed ? 'resuming abandoned rebuild' : 'rebuild started', { projection: projection.name, rebuild: record.id, target: record.targetIndex });
    await this.indices.create(projection, record.targetIndex, record.bulkLoadSettings);
    // What the live projector (or an earlier run) dead-lettered already: the replay must not report it again.
    const reported = await deadLetterOrigins(this.d.kafka, dlqTopic(topicOf(this.d.config, projection)), `${replayGroup(this.d.config, projection, record)}.dlq`);
    // Shut down meanwhile: a run started now would outlive the service.
    if (this.stopped) throw new ShuttingDownError('shutting down');
    const replay = new Replay(this.d, projection, record, reported);
    const done = this.run(projection, record, replay).finally(() => this.local.delete(projection.name));
    this.local.set(projection.name, { replay, done });
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
    this.stopped = true;
    // Leaving the replay unfinished is safe: its checkpoints are in the target index, and after the lock
    // expires the next start (or a request) resumes it from there.
    await Promise.all([...this.local.values()].map((run) => run.replay.stop()));
  }

  private async run(projection: Projection, initial: RebuildRecord, consumer: Replay): Promise<void> {
    let record = initial;
    let stopped = false;
    try {
      if (record.target === 0) {
        const ends = await replayEnds(this.d, projection);
        record = { ...record, endOffsets: ends, target: Object.values(ends).reduce((a, b) => a + b, 0) };
      }
      this.d.observer.rebuildProgressed(projection.name, { target: record.target });
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
      await this.indices.cutOver(projection, record.targetIndex, record.bulkLoadSettings);
      await consumer.stop();
      stopped = true;
      record = { ...record, deadLettered: consumer.deadLettered }; // its last batches may report after the last check
      await consumer.deleteGroups().catch((err: Error) =>
        this.d.log('warn', 'could not delete the rebuild consumer group', { projection: projection.name, error: err.message }),
      );
      const retired = await this.indices.retire(projection, record.targetIndex);
      if (retired.length > 0) this.d.log('info', 'deleted old indices', { projection: projection.name, indices: retired });
      await this.store.finish({ ...record, phase: 'completed' });
      this.d.log('info', 'rebuild completed; read alias moved', { projection: projection.name, rebuild: record.id, index: record.targetIndex, replayed: record.replayed });
    } catch (err) {
      this.d.log('error', 'rebuild failed', { projection: projection.name, rebuild: record.id, error: (err as Error).message });
      if (!stopped) await consumer.stop().catch(() => undefined);
      const failed = { ...record, phase: 'failed' as const, error: (err as Error).message };
      await this.store.finish(failed).catch(() => undefined);
      await this.indices.discardPartial(projection, record.targetIndex);
    }
  }

  /** One turn of the replay loop: keep the lock, honour an abort, report progress, decide on cutover. */
  private async replayStep(
    projection: Projection,
    current: RebuildRecord,
    consumer: Replay,
  ): Promise<ReplayStep> {
    const stored = await this.store.read(projection.name);
    if (!stored || stored.record.id !== current.id || stored.record.owner !== this.d.owner || !isRunning(stored.record)) {
      this.d.log('warn', 'rebuild lock taken over; stopping here', { projection: projection.name, rebuild: current.id });
      await consumer.stop();
      return { stop: true };
    }
    if (stored.record.abortRequested) {
      await consumer.stop();
      await this.d.engine.deleteIndex(current.targetIndex);
      await this.store.finish({ ...stored.record, phase: 'aborted' }, stored);
      this.d.log('info', 'rebuild aborted; live index untouched', { projection: projection.name, rebuild: current.id });
      return { stop: true };
    }
    // Caught up: the target index holds every message now in the topic, including those published meanwhile.
    const { stored: replayed, caughtUp } = await replayPosition(this.d, projection, current.targetIndex);
    let record: RebuildRecord = { ...current, replayed, heartbeatAt: new Date().toISOString(), deadLettered: consumer.deadLettered };
    this.d.observer.rebuildProgressed(projection.name, { replayed });
    if (caughtUp) {
      record = { ...record, phase: 'cutting-over' };
      if (await this.store.write(record, stored)) return { next: record, cutOver: true };
      return { next: current };
    }
    await this.store.write(record, stored);
    await sleep(this.d.pollMs ?? 1000);
    return { next: record };
  }
}
