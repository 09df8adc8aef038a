import { CompressionTypes, Producer } from 'kafkajs';
import { TopicSettings, topicOfProjection } from '../config/topic-settings';
import { GeneratedEvent } from './event-stream-generator';

/** Publishes generated events keyed by aggregate id, in order, in batches that keep the producer busy. */
export async function publishEvents(producer: Producer, config: { topics: TopicSettings }, events: GeneratedEvent[], batchSize = 2000): Promise<void> {
  for (let i = 0; i < events.length; i += batchSize) {
    const slice = events.slice(i, i + batchSize);
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const e of slice) {
      const topic = topicOfProjection(config, e.projection);
      const list = byTopic.get(topic) ?? [];
      list.push({ key: e.key, value: JSON.stringify(e.envelope) });
      byTopic.set(topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
