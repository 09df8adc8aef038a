import { Kafka } from 'kafkajs';
import { PRODUCER_OPTIONS } from '../kafka/create-kafka';
import { DeadLetterEntry } from '../projector/dead-letter-reader';

import { dlqTopic } from '../kafka/admin';
import { oncePerOrigin, readDeadLetters } from '../projector/dead-letter-reader';
import { pad, withContext } from './context';

/** Publishes dead letters back to their origin topic, key, value and original headers unchanged. */
export async function republish(kafka: Kafka, entries: DeadLetterEntry[]): Promise<void> {
  const producer = kafka.producer(PRODUCER_OPTIONS);
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

export async function replayDlq(topic: string, options: { execute: boolean }): Promise<void> {
  await withContext(async ({ config, kafka }) => {
    const dlq = topic.endsWith('.dlq') ? topic : dlqTopic(topic);
    const read = await readDeadLetters(kafka, dlq, `${config.KAFKA_GROUP_ID}.dlq-replay`);
    const { unique: entries, copies } = oncePerOrigin(read.entries);
    for (const e of entries) {
      console.log(`${e.partition}:${e.offset}  ${pad(e.errorCode, 18)} from ${e.originTopic}[${e.originPartition}]@${e.originOffset}  key ${e.key?.toString() ?? '(none)'}  ${e.errorMessage.slice(0, 120)}`);
    }
    if (!options.execute) {
      console.log(`${entries.length} dead letters in ${dlq} not yet replayed${copies ? ` (and ${copies} copies of them, counted and replayed once)` : ''} (dry run; add --execute to re-publish them to their origin topics)`);
      return;
    }
    await republish(kafka, entries);
    await read.commit();
    console.log(`re-published ${entries.length} messages from ${dlq} to their origin topics`);
  });
}

