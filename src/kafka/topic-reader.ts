import { KafkaMessage, Kafka } from 'kafkajs';
import { deleteConsumerGroup, fetchEndOffsets } from './admin';

export interface ReadUntilOptions {
  topic: string;
  groupId: string;
  /** Last offset to read, inclusive, per partition; partitions not named (or below 0) are not waited for. */
  lastOffsets: ReadonlyMap<number, number>;
  onMessage: (partition: number, message: KafkaMessage) => void;
  /** A throwaway group is deleted afterwards; a group that remembers what it read (DLQ replay) is kept. */
  keepGroup?: boolean;
}

/**
 * Reads a topic through a consumer group of its own until each partition has reached its last offset. The
 * group starts where it last committed (nothing is committed here), else at the beginning.
 */
export async function readUntil(kafka: Kafka, o: ReadUntilOptions): Promise<void> {
  const remaining = new Set([...o.lastOffsets].filter(([, last]) => last >= 0).map(([p]) => p));
  if (remaining.size === 0) return;
  const consumer = kafka.consumer({ groupId: o.groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: o.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const last = o.lastOffsets.get(partition) ?? -1;
            const offset = Number(message.offset);
            if (offset > last) return;
            o.onMessage(partition, message);
            if (offset === last && remaining.delete(partition) && remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    if (!o.keepGroup) await deleteConsumerGroup(kafka, o.groupId).catch(() => undefined);
  }
}

/** Every message now in a topic (up to its end offsets at the call), read through a throwaway group. */
export async function readTopicToEnd(kafka: Kafka, topic: string, groupId: string, onMessage: ReadUntilOptions['onMessage']): Promise<void> {
  const ends = await fetchEndOffsets(kafka, topic);
  await readUntil(kafka, { topic, groupId, lastOffsets: new Map([...ends].map(([p, end]) => [p, end - 1])), onMessage });
}
