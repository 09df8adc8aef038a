import { Producer } from 'kafkajs';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { AppConfig } from '../../src/config/app-config';
import { topicOfProjection } from '../../src/config/topic-settings';
import { OutgoingMessage } from './faulty-stream';
import { testKafka } from './integration';

export async function withProducer<T>(config: AppConfig, fn: (p: Producer) => Promise<T>): Promise<T> {
  const producer = testKafka(config).producer(PRODUCER_OPTIONS);
  await producer.connect();
  try {
    return await fn(producer);
  } finally {
    await producer.disconnect();
  }
}

/** Requests of at most 2000 messages and about 512 KiB, so a few huge messages never exceed the broker's limit. */
function* requests(messages: OutgoingMessage[]): Generator<OutgoingMessage[]> {
  let chunk: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (chunk.length === 2000 || (chunk.length > 0 && bytes + m.value.length > 512 * 1024)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += m.value.length;
  }
  if (chunk.length > 0) yield chunk;
}

/** Publishes raw messages in order (per key, so per partition), as upstream producers would. */
export async function publish(config: AppConfig, messages: OutgoingMessage[]): Promise<void> {
  await withProducer(config, async (producer) => {
    for (const chunk of requests(messages)) {
      const byTopic = new Map<string, { key: string | null; value: string | Buffer; headers?: Record<string, string> }[]>();
      for (const m of chunk) {
        const topic = topicOfProjection(config, m.projection);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.value, headers: m.headers }]);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    }
  });
}
