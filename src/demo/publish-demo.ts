import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { topicOfProjection } from '../config/topic-settings';
import { createKafka, PRODUCER_OPTIONS } from '../kafka/create-kafka';
import { generateEventStream } from './event-stream-generator';
import { publishEvents } from './publish-events';
import { demonstrateReadYourWrites } from './read-your-writes-demo';

/** `npm run demo`: a realistic data set of products and Swedish dance halls, published through Kafka. */
async function main(): Promise<void> {
  const config = loadConfig();
  const products = Number(process.env.DEMO_PRODUCTS ?? 3000);
  const danceHalls = Number(process.env.DEMO_DANCE_HALLS ?? 300);
  const bands = Number(process.env.DEMO_BANDS ?? 120);
  const users = Number(process.env.DEMO_USERS ?? 50);
  const stream = generateEventStream({ seed: Number(process.env.DEMO_SEED ?? 2026), products, danceHalls, bands, users });
  const producer = createKafka(config, undefined, '-demo').producer(PRODUCER_OPTIONS);
  await producer.connect();
  const started = Date.now();
  try {
    await publishEvents(producer, config, stream.events);
    const live = (m: Map<string, unknown>) => [...m.values()].filter((v) => v !== null).length;
    const perProjection = Object.entries(stream.expected).map(([name, docs]) => `${name}: ${docs.size} aggregates, ${live(docs)} live after deletes, on ${topicOfProjection(config, name)}`);
    console.log(`demo: published ${stream.events.length} events in ${Date.now() - started} ms (${perProjection.join('; ')})`);
    await demonstrateReadYourWrites(producer, config);
  } finally {
    await producer.disconnect();
  }
}

main().catch((err) => {
  console.error(`demo: ${(err as Error).message}`);
  process.exit(1);
});
