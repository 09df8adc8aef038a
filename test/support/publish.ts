import { Partitioners, Producer } from 'kafkajs';
import { AppConfig } from '../../src/config/app-config';
import { OutgoingMessage } from './faulty-stream';
import { testKafka } from './integration';

export async function withProducer<T>(config: AppConfig, fn: (p: Producer) => Promise<T>): Promise<T> {
  const producer = testKafka(config).producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    return await fn(producer);
  } finally {
    await producer.disconnect();
  }
}

/** Publishes raw messages in order (per key, so per partition), as upstream producers would. */
export async function publish(config: AppConfig, messages: OutgoingMessage[]): Promise<void> {
  const topicOf = { product: config.PRODUCT_TOPIC, danceHall: config.DANCE_HALL_TOPIC };
  await withProducer(config, async (producer) => {
    for (let i = 0; i < messages.length; i += 2000) {
      const byTopic = new Map<string, { key: string | null; value: string; headers?: Record<string, string> }[]>();
      for (const m of messages.slice(i, i + 2000)) {
        const topic = topicOf[m.topic];
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.value, headers: m.headers }]);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    }
  });
}
