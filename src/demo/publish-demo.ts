import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { Partitioners } from 'kafkajs';
import { createKafka } from '../kafka/create-kafka';
import { generateEventStream } from './event-stream-generator';
import { publishEvents } from './publish-events';

/** `npm run demo`: a realistic data set of products and Swedish dance halls, published through Kafka. */
async function main(): Promise<void> {
  const config = loadConfig();
  const products = Number(process.env.DEMO_PRODUCTS ?? 3000);
  const danceHalls = Number(process.env.DEMO_DANCE_HALLS ?? 300);
  const stream = generateEventStream({ seed: Number(process.env.DEMO_SEED ?? 2026), products, danceHalls });
  const producer = createKafka(config, undefined, '-demo').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const started = Date.now();
  try {
    await publishEvents(producer, { product: config.PRODUCT_TOPIC, danceHall: config.DANCE_HALL_TOPIC }, stream.events);
  } finally {
    await producer.disconnect();
  }
  const live = (m: Map<string, unknown>) => [...m.values()].filter((v) => v !== null).length;
  console.log(
    `demo: published ${stream.events.length} events in ${Date.now() - started} ms to ${config.PRODUCT_TOPIC} and ${config.DANCE_HALL_TOPIC}: ` +
      `${products} products (${live(stream.expected.product)} live after deletes), ` +
      `${danceHalls} dance halls (${live(stream.expected.danceHall)} live)`,
  );
}

main().catch((err) => {
  console.error(`demo: ${(err as Error).message}`);
  process.exit(1);
});
