import { topicOf } from '../config/topic-settings';
import { fetchSettings, writeBehindSettings } from '../config/app-config';
import { feedName, feedsOf } from '../join/feeds';
import { deleteConsumerGroup, fetchEndOffsets } from '../kafka/admin';
import { Projection } from '../projections/projection';
import { catchUp, CatchUp } from '../projector/catch-up';
import { ProjectionConsumer } from '../projector/projection-consumer';
import { RebuildRecord } from './rebuild-record';
import { RebuildDeps } from './rebuild-deps';

/**
 * A rebuild's replay of every topic a projection reads (its own, and a join's references), each by a
 * consumer of its own in a group of its own (kafkajs has no manual assignment: a group of this process's
 * members only gets every partition), all writing to the rebuild's target index.
 */
export class Replay {
  private readonly consumers: ProjectionConsumer[];

  constructor(
    private readonly d: RebuildDeps,
    private readonly projection: Projection,
    private readonly record: RebuildRecord,
    reported: ReadonlySet<string>,
  ) {
    this.consumers = feedsOf(projection).map(
      (feed) =>
        new ProjectionConsumer({
          ...d,
          projection: feed,
          topic: topicOf(d.config, feed),
          groupId: this.groupOf(feed),
          indexPrefix: d.config.INDEX_PREFIX,
          writeBehind: writeBehindSettings(d.config),
          members: d.config.KAFKA_CONSUMERS_PER_PROJECTION,
          fetch: fetchSettings(d.config),
          expungeDeletesAfterReplay: d.config.EXPUNGE_DELETES_AFTER_REPLAY,
          rebuild: { index: record.targetIndex, id: record.id, reported },
        }),
    );
  }

  async start(): Promise<void> {
    for (const c of this.consumers) await c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  get deadLettered(): number {
    return this.consumers.reduce((sum, c) => sum + (c.status.deadLettered ?? 0), 0);
  }

  async deleteGroups(): Promise<void> {
    for (const feed of feedsOf(this.projection)) await deleteConsumerGroup(this.d.kafka, this.groupOf(feed));
  }

  private groupOf(feed: Projection): string {
    return replayGroup(this.d.config, feed, this.record);
  }
}

/** The consumer group a rebuild replays a feed's topic with (its dead-letter reader appends `.dlq`). */
export const replayGroup = (config: RebuildDeps['config'], feed: Projection, record: Pick<RebuildRecord, 'id'>): string =>
  `${config.KAFKA_GROUP_ID}.${feedName(feed)}.rebuild.${record.id}`;

/** End offsets of every topic the projection reads: by partition for its own, `topic:partition` for a reference's. */
export async function replayEnds(d: Pick<RebuildDeps, 'kafka' | 'config'>, projection: Projection): Promise<Record<string, number>> {
  const ends: Record<string, number> = {};
  for (const [i, feed] of feedsOf(projection).entries()) {
    const topic = topicOf(d.config, feed);
    for (const [partition, end] of await fetchEndOffsets(d.kafka, topic)) ends[i === 0 ? String(partition) : `${topic}:${partition}`] = end;
  }
  return ends;
}

/** How far the target index is along every topic the projection reads, against their end offsets now. */
export async function replayPosition(d: Pick<RebuildDeps, 'kafka' | 'config' | 'checkpoints'>, projection: Projection, index: string): Promise<CatchUp> {
  let stored = 0;
  let caughtUp = true;
  for (const feed of feedsOf(projection)) {
    const one = await catchUp(d.kafka, d.checkpoints, topicOf(d.config, feed), index);
    stored += one.stored;
    caughtUp &&= one.caughtUp;
  }
  return { stored, caughtUp };
}
