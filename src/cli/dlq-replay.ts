import { Kafka, Partitioners } from 'kafkajs';
import { DeadLetterEntry } from '../projector/dead-letter-reader';

export { readDeadLetters } from '../projector/dead-letter-reader';

/** Publishes dead letters back to their origin topic, key, value and original headers unchanged. */
export async function republish(kafka: Kafka, entries: DeadLetterEntry[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const byTopic = new Map<string, DeadLetterEntry[]>();
    for (const e of entries) byTopic.set(e.originTopic, [...(byTopic.get(e.originTopic) ?? []), e]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.key, value: e.value, headers: { ...e.headers, 'dlq-replayed-from': `${e.partition}:${e.offset}` } })),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}
