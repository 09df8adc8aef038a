import { Admin, Kafka } from 'kafkajs';
import { retry } from '../shared/retry';

/** Runs fn with a connected admin client, disconnecting whatever happens. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

// Just after a topic is created, or a broker restarts, a partition's leader can still be moving: kafkajs
// passes that on from listOffsets (CI saw it once), and fresh metadata a moment later answers. Other errors,
// such as an unknown topic, go to the caller at once.
const LEADER_MOVING = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** End offsets (the next offset to be written) per partition of a topic. */
export const fetchEndOffsets = (kafka: Kafka, topic: string): Promise<Map<number, number>> =>
  retry(() => withAdmin(kafka, async (admin) => new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]))), {
    maxAttempts: 6,
    maxDelayMs: 2_000,
    isRetriable: (err) => LEADER_MOVING.has((err as { type?: string }).type ?? ''),
  });

/** Deletes a consumer group that has no members left (a finished rebuild's, a verify's, a reader's). */
export const deleteConsumerGroup = (kafka: Kafka, groupId: string): Promise<void> =>
  withAdmin(kafka, (admin) => admin.deleteGroups([groupId]).then(() => undefined));

/** Kafka's rule for a topic name: up to 249 letters, digits, `.`, `_` and `-`, not starting with a dot. */
export const isTopicName = (name: string): boolean => /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,248}$/.test(name);

/** The dead-letter topic of a source topic, as the event contract names it. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/**
 * Creates the topics that do not exist yet, each with its dead-letter topic. Topics are the event store,
 * hence unlimited retention: a projection must always be rebuildable from offset zero.
 */
export async function ensureTopics(kafka: Kafka, sources: readonly string[], partitions = 6): Promise<{ topics: string[]; created: string[] }> {
  const topics = sources.flatMap((t) => [t, dlqTopic(t)]);
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const created = topics.filter((t) => !existing.has(t));
    if (created.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: created.map((topic) => ({ topic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: '-1' }] })),
      });
    }
    return { topics, created };
  });
}
