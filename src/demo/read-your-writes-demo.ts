import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { topicOfProjection } from '../config/topic-settings';
import { consistencyToken } from '../consistency/producer-token';

/**
 * The demo's last step: publish one event, turn the broker's acknowledgement into a token, and search with
 * it, as an application that has just saved something would. Prints the search to try by hand.
 */
export async function demonstrateReadYourWrites(producer: Producer, config: AppConfig): Promise<void> {
  const id = randomUUID();
  const event = {
    eventId: randomUUID(),
    type: 'ProductCreated',
    aggregateId: id,
    aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    data: { name: 'Dansskor Läsbar Direkt', description: 'Published by the demo, found by the next search', category: 'shoes', price: 1095, currency: 'SEK', tags: ['demo'] },
  };
  const sent = await producer.send({ topic: topicOfProjection(config, 'products'), acks: -1, messages: [{ key: id, value: JSON.stringify(event) }] });
  const token = consistencyToken(sent);
  const url = `http://127.0.0.1:${config.PORT}/search/products?q=${encodeURIComponent('läsbar direkt')}&consistentWith=${encodeURIComponent(token)}`;
  console.log(`demo: read your own writes: published ${event.type} ${id}; its token is ${token}`);
  const started = Date.now();
  try {
    const answer = (await (await fetch(url)).json()) as { items?: { productId: string }[] };
    const found = answer.items?.some((item) => item.productId === id) ?? false;
    console.log(`demo:   the search with the token ${found ? 'found it' : 'did not find it'} after ${Date.now() - started} ms: ${url}`);
  } catch {
    console.log(`demo:   search with the token once the service runs: ${url}`);
  }
}
