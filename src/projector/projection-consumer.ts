import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { readAlias } from '../indices/index-names';
import { ensureLiveIndex } from '../indices/live-index';
import { retry } from '../shared/retry';
import { BatchProjector } from './batch-projector';
import { CheckpointStore } from './checkpoint-store';
import { ProjectionState, ProjectionStatus } from './projection-status';
import { PartitionBuffer, WriteBehindLimits } from './partition-buffer';

/** When a partition folds many batches before storing them: while its lag is above `minLag`, within limits. */
export interface WriteBehindSettings extends WriteBehindLimits {
  minLag: number;
}

export interface ProjectionConsumerOptions {
  kafka: Kafka;
  engine: SearchEngine;
  projection: Projection;
  topic: string;
  groupId: string;
  indexPrefix: string;
  batchProjector: BatchProjector;
  checkpoints: CheckpointStore;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** How often the read alias is re-read to follow a rebuild's cutover. */
  aliasCheckMs?: number;
  /** Write only to this index and never follow the alias: a rebuild's replay into its fresh index. */
  fixedIndex?: string;
  writeBehind: WriteBehindSettings;
}

/**
 * Runs one projection as its own consumer group member, so an outage or bug in one projection never
 * holds the other's partitions. Positions come from the checkpoints in the index, not from the group's
 * committed offsets: those are committed too, for lag tools, but only after the bulk succeeded.
 */
export class ProjectionConsumer {
  private consumer?: Consumer;
  private index?: string;
  private aliasCheckedAt = 0;
  /** Next offset to project per partition, as stored in the current index; cleared on every rebalance. */
  private readonly next = new Map<number, number>();
  /** Partitions already sought back to their checkpoint in this assignment (gaps after it are real). */
  private readonly sought = new Set<number>();
  /** What each partition has folded and not yet stored, and the documents it knows. */
  private readonly buffers = new Map<number, PartitionBuffer>();
  /** After a rewind: store every batch up to this offset at once, so dead letters have their source bytes. */
  private readonly preciseThrough = new Map<number, number>();
  private statusValue: ProjectionStatus = { state: 'stopped', since: new Date().toISOString() };
  private stopping = false;

  constructor(private readonly o: ProjectionConsumerOptions) {}

  get status(): ProjectionStatus {
    return { ...this.statusValue, index: this.index };
  }

  get name(): string {
    return this.o.projection.name;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.setState('starting');
    this.index =
      this.o.fixedIndex ??
      (await retry(() => ensureLiveIndex(this.o.engine, this.o.indexPrefix, this.o.projection), {
        onRetry: (err) => this.setState('retrying', `search engine: ${(err as Error).message}`),
        shouldContinue: () => !this.stopping,
      }));
    this.aliasCheckedAt = Date.now();
    const consumer = this.o.kafka.consumer({
      groupId: this.o.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      // kafkajs restarts a crashed consumer by itself; never once we are stopping, or it would rejoin after close.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      // A new assignment: another member may have moved a partition's checkpoint meanwhile.
      this.forgetPositions();
      this.o.log('info', 'joined consumer group', { projection: this.name, assignment: e.payload.memberAssignment });
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.setState('failed', `consumer crashed: ${e.payload.error.message}`);
      this.o.log('error', 'consumer crashed', { projection: this.name, error: e.payload.error.message, restart: e.payload.restart });
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.o.topic, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      // Committed by hand after each stored checkpoint, so the group's offsets never pass what the index holds.
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.setState('running');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for the in-flight batch and leaves the group; a batch stopped mid-retry has not
    // resolved or checkpointed anything, so the next owner redoes it.
    await this.consumer?.disconnect();
    this.setState('stopped');
  }

  /** Positions and buffered documents belong to one assignment and one index; unstored folds are redone. */
  private forgetPositions(): void {
    this.next.clear();
    this.sought.clear();
    this.buffers.clear();
    this.preciseThrough.clear();
  }

  private setState(state: ProjectionState, reason?: string): void {
    if (this.statusValue.state === state && this.statusValue.reason === reason) return;
    this.statusValue = { ...this.statusValue, state, reason, since: new Date().toISOString() };
  }

  private async currentIndex(): Promise<string> {
    if (this.o.fixedIndex) return this.o.fixedIndex;
    if (!this.index || Date.now() - this.aliasCheckedAt > (this.o.aliasCheckMs ?? 5_000)) {
      const targets = await this.o.engine.aliasTargets(readAlias(this.o.indexPrefix, this.o.projection));
      const target = targets[targets.length - 1];
      if (target && target !== this.index) {
        this.o.log('info', 'read alias moved; following the new index from its checkpoints', { projection: this.name, from: this.index, to: target });
        this.index = target;
        this.forgetPositions();
      }
      this.aliasCheckedAt = Date.now();
    }
    return this.index!;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const live = () => payload.isRunning() && !payload.isStale() && !this.stopping;
    try {
      await this.projectBatch(payload, live);
    } catch (err) {
      // Retries stop when the partition is lost or the service stops; nothing was resolved, so the next
      // owner starts from the checkpoint. Anything else is a real failure for kafkajs to restart on.
      if (!live()) return;
      throw err;
    }
  }

  private async projectBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload, live: () => boolean): Promise<void> {
    if (batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const retryOptions = {
      shouldContinue: live,
      onRetry: (operation: string, err: unknown, attempt: number) => {
        this.setState('retrying', `${operation}: ${(err as Error).message}`);
        this.o.log('warn', 'retrying', { projection: this.name, topic, partition, operation, attempt, error: (err as Error).message });
        // Keep the group membership while waiting out an outage.
        heartbeat().catch(() => undefined);
      },
    };
    const attempt = <T>(operation: string, fn: () => Promise<T>) =>
      retry(fn, { shouldContinue: live, onRetry: (err, n) => retryOptions.onRetry(operation, err, n) });

    const index = await attempt('alias', () => this.currentIndex());
    let next = this.next.get(partition);
    if (next === undefined) {
      const stored = await attempt('checkpoint', () => this.o.checkpoints.read(index, topic, [partition]));
      next = (stored.get(partition) ?? -1) + 1;
      this.next.set(partition, next);
    }
    const first = Number(batch.firstOffset());
    if (first > next && !this.sought.has(partition)) {
      // The group's committed offset is ahead of what this index holds (a fresh index after a cutover, a
      // lost index): go back to the index's own checkpoint. Only once per assignment, since offsets may
      // have real gaps (transaction markers) that would otherwise loop.
      this.sought.add(partition);
      this.o.log('info', 'seeking to checkpoint', { projection: this.name, topic, partition, from: first, to: next });
      this.consumer?.seek({ topic, partition, offset: String(next) });
      return;
    }
    this.sought.add(partition);
    // Behind the checkpoint (a commit lost in a crash after the bulk): already in the index, skip.
    const messages = batch.messages.filter((m) => Number(m.offset) >= next!);
    if (messages.length > 0) {
      let buffer = this.buffers.get(partition);
      if (!buffer) {
        buffer = new PartitionBuffer(this.o.writeBehind, next === 0 && Number(messages[0].offset) === 0);
        this.buffers.set(partition, buffer);
      }
      const lag = Number(batch.highWatermark) - 1 - Number(batch.lastOffset());
      const writeBehind = lag > this.o.writeBehind.minLag && (this.preciseThrough.get(partition) ?? -1) < Number(messages[0].offset);
      const result = await this.o.batchProjector.project(this.o.projection, index, { topic, partition, messages }, buffer, { writeBehind, retry: retryOptions });
      if (result.rewindTo !== undefined) {
        this.o.log('warn', 'a deferred flush met a rejected document; redoing the stretch batch by batch', { projection: this.name, topic, partition, from: result.rewindTo });
        this.preciseThrough.set(partition, result.lastOffset);
        this.next.set(partition, result.rewindTo);
        this.consumer?.seek({ topic, partition, offset: String(result.rewindTo) });
        return;
      }
      this.next.set(partition, result.lastOffset + 1);
      this.statusValue.lastEventAt = new Date().toISOString();
      this.o.log('debug', 'batch projected', {
        projection: this.name, index, topic, partition, firstOffset: messages[0].offset, writeBehind,
        applied: result.applied, duplicates: result.duplicates, skipped: result.skipped, deadLettered: result.deadLettered,
        lastOffset: result.lastOffset, flushedThrough: result.flushedThrough,
      });
      if (result.flushedThrough !== undefined && live()) {
        await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: String(result.flushedThrough + 1) }] }] }).catch((err: Error) =>
          this.o.log('debug', 'offset commit failed; the checkpoint in the index is what counts', { projection: this.name, partition, error: err.message }),
        );
      }
    }
    if (!live()) return;
    resolveOffset(batch.lastOffset());
    if (this.statusValue.state !== 'running') this.setState('running');
    await heartbeat();
  }
}
