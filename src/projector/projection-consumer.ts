import { Consumer, EachBatchPayload } from 'kafkajs';
import { readAlias } from '../indices/index-names';
import { ensureLiveIndex } from '../indices/live-index';
import { retry } from '../shared/retry';
import { ProjectionStatus, StatusTracker } from './projection-status';
import { PartitionBuffer } from './partition-buffer';
import { offsetsAfter, PartitionCursor, positionBatch, writesBehind } from './batch-position';
import { openCursor } from './open-cursor';
import { failpoint } from '../shared/failpoint';
import { AliasFollower } from './alias-follower';
import { createMember, GroupMember, leaveGroup, runMember } from './group-member';
import { ProjectionConsumerOptions } from './projection-consumer-options';
import { feedName, isJoined } from '../join/feeds';
import { CatchUpCompaction } from './catch-up-compaction';
import { attemptWith, consumerBatchRetry } from './batch-retry';
import { logProjected } from './batch-log';
import { StartOnce } from '../shared/start-once';
import { CatchUpGate } from './catch-up-gate';
import { CatchUpSlots } from './catch-up-slots';

/**
 * Runs one projection as its own consumer group (one or more members in this process), so an outage or bug in
 * one projection never holds the other's partitions. Positions come from the checkpoints in the index, not from
 * the group's committed offsets: those are committed too, for lag tools, but only after the bulk succeeded.
 */
export class ProjectionConsumer {
  /** This projection's members of its group (`o.members`), each with the partitions its last join gave it. */
  private readonly members: GroupMember[] = [];
  private index?: string;
  private follower?: AliasFollower;
  /** Where each partition stands in the current index and assignment; cleared on every rebalance and cutover. */
  private readonly partitions = new Map<number, PartitionCursor>();
  /** Counts those clearings: a position opened across one belongs to the index or assignment before it. */
  private positionsEpoch = 0;
  private readonly tracker = new StatusTracker();
  private readonly lifecycle = new StartOnce(3_000);
  private readonly compaction: CatchUpCompaction;
  private readonly gate: CatchUpGate;

  constructor(private readonly o: ProjectionConsumerOptions) {
    this.compaction = new CatchUpCompaction(o.engine, (level, msg, fields) => o.log(level, msg, { projection: this.name, ...fields }), o.expungeDeletesAfterReplay);
    // A join stores batch by batch (it folds nothing write-behind), so its partitions need no turns.
    this.gate = new CatchUpGate(new CatchUpSlots(isJoined(o.projection) ? 0 : o.writeBehind.partitions, o.writeBehind.maxMs), o.topic);
  }

  get status(): ProjectionStatus {
    return { ...this.tracker.current, index: this.index };
  }

  get name(): string {
    return feedName(this.o.projection);
  }

  /** Starts once: a stop that came first (a shutdown while the service was still starting) leaves it stopped. */
  start(): Promise<void> {
    return this.lifecycle.start(() => this.connectAndRun());
  }

  /** Each step checks `stopping`, so no consumer it creates outlives a stop. */
  private async connectAndRun(): Promise<void> {
    this.tracker.set('starting');
    this.index =
      this.o.rebuild?.index ??
      (await retry(() => ensureLiveIndex(this.o.engine, this.o.indexPrefix, this.o.projection), {
        onRetry: (err) => this.tracker.set('retrying', `search engine: ${(err as Error).message}`),
        shouldContinue: () => !this.lifecycle.stopping,
      }));
    if (this.lifecycle.stopping) return;
    if (!this.o.rebuild) this.followAlias(this.index);
    const count = isJoined(this.o.projection) ? 1 : (this.o.members ?? 1);
    for (let i = 0; i < count && !this.lifecycle.stopping; i++) {
      // Listed before it connects, so a stop meanwhile disconnects it too.
      const member = createMember(i, this.o.kafka, this.o.groupId, this.o.topic, this.o.fetch, () => this.lifecycle.stopping, { joined: this.joined, crashed: this.crashed });
      this.members.push(member);
      await member.consumer.connect();
    }
    if (this.lifecycle.stopping) return void (await Promise.all(this.members.map((m) => m.consumer.disconnect())));
    // Several members let one's flush and another's fold overlap (in one member a flush holds every partition: kafkajs
    // waits for a fetch's every batch). Started together they join in one round, unless the broker's initial rebalance delay is 0.
    await Promise.all(this.members.map((m) => runMember(m, this.o.topic, (consumer, payload) => this.onBatch(consumer, payload))));
    this.tracker.set('running');
  }

  private readonly joined = (member: GroupMember, memberAssignment: Record<string, number[]>): void => {
    // A new assignment (every member rejoins): another member may have moved a partition's checkpoint meanwhile.
    this.forgetPositions();
    this.compaction.keepOnly(this.members.flatMap((m) => m.assigned));
    this.o.log('info', 'joined consumer group', { projection: this.name, member: member.id, assignment: memberAssignment });
    // The group starts a partition at its committed offset, which may be past the index's checkpoint (the alias
    // moved during the rebalance): a partition that receives nothing new would then never redo what it lacks.
    const assigned = member.assigned;
    const joined = () => !this.lifecycle.stopping && member.assigned === assigned;
    void retry(() => this.seekToCheckpoints(member, this.index!, joined), { shouldContinue: joined }).catch(() => undefined);
  };

  private readonly crashed = (error: Error, restart: boolean): void => {
    this.tracker.set('failed', `consumer crashed: ${error.message}`);
    this.o.log('error', 'consumer crashed', { projection: this.name, error: error.message, restart });
  };

  async stop(): Promise<void> {
    const joinsUntil = Date.now() + 4_000; // how long a join may hold the stop: within SHUTDOWN_TIMEOUT_MS's default
    // A start held by a broker or engine out of reach is not waited for: it disconnects what it connects later.
    await this.lifecycle.stop();
    this.follower?.stop();
    this.compaction.stop();
    // Leaving waits for the in-flight batch; one stopped mid-retry has resolved or checkpointed nothing, so the next owner redoes it.
    await Promise.all(this.members.map((m) => leaveGroup(m, joinsUntil)));
    this.tracker.set('stopped');
  }

  /** Positions, buffered documents and catch-up slots belong to one assignment and one index; unstored folds are redone. */
  private readonly forgetPositions = () => void (this.partitions.clear(), this.positionsEpoch++, this.gate.reset());

  private followAlias(index: string): void {
    this.follower = new AliasFollower(this.o.engine, readAlias(this.o.indexPrefix, this.o.projection), this.o.aliasCheckMs ?? 1_000, async (from, to) => {
      this.o.log('info', 'read alias moved; following the new index from its checkpoints', { projection: this.name, from, to });
      this.index = to;
      this.forgetPositions();
      await Promise.all(this.members.map((m) => this.seekToCheckpoints(m, to, () => true)));
    });
    this.follower.start(index, (err) => this.o.log('warn', 'could not re-read the read alias', { projection: this.name, error: err.message }));
  }

  /** Every held partition, with new messages or not, to its checkpoint; a batch in flight turns stale and is dropped. */
  private async seekToCheckpoints({ consumer, assigned }: GroupMember, index: string, stillWanted: () => boolean): Promise<void> {
    const checkpoints = await this.o.checkpoints.read(index, this.o.topic, assigned);
    // A cutover meanwhile has sought to the new index's checkpoints; these would be stale.
    if (!stillWanted() || index !== this.index) return;
    for (const partition of assigned) consumer.seek({ topic: this.o.topic, partition, offset: String((checkpoints.get(partition) ?? -1) + 1) });
  }

  private async onBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    if (this.lifecycle.stopping) return; // a member let go while joining may still join and fetch: it projects nothing
    const live = () => payload.isRunning() && !payload.isStale() && !this.lifecycle.stopping;
    try {
      await this.projectBatch(consumer, payload, live);
    } catch (err) {
      // Retries stop when the partition is lost or the service stops; nothing was resolved, so the next
      // owner starts from the checkpoint. Anything else is a real failure for kafkajs to restart on.
      if (!live()) return;
      throw err;
    }
  }

  private async projectBatch(consumer: Consumer, { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload, live: () => boolean): Promise<void> {
    if (batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const retryOptions = consumerBatchRetry(live, heartbeat, (operation, error, attempt) => {
      this.tracker.set('retrying', `${operation}: ${error.message}`);
      this.o.log('warn', 'retrying', { projection: this.name, topic, partition, operation, attempt, error: error.message });
    });
    const attempt = attemptWith(retryOptions);
    const index = await attempt('alias', async () => this.o.rebuild?.index ?? this.follower!.resolve());
    let cursor = this.partitions.get(partition);
    if (!cursor) {
      const epoch = this.positionsEpoch;
      cursor = await attempt('checkpoint', () => openCursor(this.o, index, topic, partition));
      // The alias moved or the group rebalanced meanwhile, and the partition was sought for that: this position
      // would carry the old index's checkpoint and document states into the new one, skipping events there.
      if (epoch !== this.positionsEpoch) return this.o.log('debug', 'position opened across a cutover or rebalance; batch dropped', { projection: this.name, index, topic, partition });
      this.partitions.set(partition, cursor);
    }
    const position = positionBatch(Number(batch.firstOffset()), cursor.next, cursor.sought);
    cursor.sought = true;
    if (position.kind === 'seek') {
      this.o.log('info', 'seeking to checkpoint', { projection: this.name, topic, partition, from: batch.firstOffset(), to: position.to });
      consumer.seek({ topic, partition, offset: String(position.to) });
      return;
    }
    const messages = batch.messages.filter((m) => Number(m.offset) >= position.from);
    if (messages.length > 0) {
      const firstOffset = Number(messages[0].offset);
      const writeBehind = writesBehind({ highWatermark: Number(batch.highWatermark), lastOffset: Number(batch.lastOffset()), firstOffset, minLag: this.o.writeBehind.minLag, preciseThrough: cursor.preciseThrough });
      // Turned away: paused at its position until a slot frees; it counts as catching up all the while.
      if (!this.gate.enter(consumer, partition, writeBehind, cursor.next)) return this.compaction.observe(index, partition, true);
      cursor.buffer ??= new PartitionBuffer(this.o.writeBehind, position.from === 0 && firstOffset === 0);
      const result = await this.o.batchProjector.project(this.o.projection, index, { topic, partition, messages }, cursor.buffer, { writeBehind, retry: retryOptions, rebuild: this.o.rebuild, letters: cursor.letters });
      if (result.rewindTo !== undefined) {
        this.o.log('warn', 'a flush could not complete (a document rejected, or changed by another writer); redoing the stretch batch by batch', { projection: this.name, topic, partition, from: result.rewindTo });
        Object.assign(cursor, { preciseThrough: result.lastOffset, next: result.rewindTo });
        consumer.seek({ topic, partition, offset: String(result.rewindTo) });
        return;
      }
      cursor.next = result.lastOffset + 1;
      if (writeBehind && result.flushedThrough !== undefined && this.gate.yieldAfterFlush(consumer, partition, cursor.next)) cursor.buffer = undefined;
      this.compaction.observe(index, partition, writeBehind);
      if (this.o.rebuild && (result.flushedThrough ?? -1) * 2 >= Number(batch.highWatermark)) failpoint('rebuild-halfway');
      this.tracker.projected(result.deadLettered);
      logProjected(this.o.log, { projection: this.name, index, topic, partition }, { firstOffset: messages[0].offset, writeBehind }, result);
      // Only for lag tools: the checkpoint in the index is what positions are taken from.
      if (result.flushedThrough !== undefined && live()) await commitOffsetsIfNecessary(offsetsAfter(topic, partition, result.flushedThrough)).catch(() => undefined);
    }
    if (!live()) return;
    resolveOffset(batch.lastOffset());
    this.tracker.set('running');
    await heartbeat();
  }
}
