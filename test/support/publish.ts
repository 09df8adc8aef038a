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

/** Publishes raw messages in order (per key, so per partition), as upstream producers would. */
export async function publish(config: AppConfig, messages: OutgoingMessage[]): Promise<void> {
  await withProducer(config, async (producer) => {
    for (let i = 0; i < messages.length; i += 2000) {
      const byTopic = new Map<string, { key: string | null; value: string; headers?: Record<string, string> }[]>();
      for (const m of messages.slice(i, i + 2000)) {
        const topic = topicOfProjection(config, m.projection);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.value, headers: m.headers }]);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    }
  });
}
