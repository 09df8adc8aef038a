import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { topicOfProjection } from '../config/topic-settings';
import { createKafka, PRODUCER_OPTIONS } from '../kafka/create-kafka';
import { generateEventStream, GeneratedStream } from './event-stream-generator';
import { publishEvents } from './publish-events';
import { demonstrateReadYourWrites } from './read-your-writes-demo';

/** `npm run demo`: a realistic data set of products and Swedish dance halls, published through Kafka. */
async function main(): Promise<void> {
  const config = loadConfig();
  const products = Number(process.env.DEMO_PRODUCTS ?? 3000);
  const danceHalls = Number(process.env.DEMO_DANCE_HALLS ?? 300);
  const bands = Number(process.env.DEMO_BANDS ?? 120);
  const users = Number(process.env.DEMO_USERS ?? 50);
  const dances = Number(process.env.DEMO_DANCES ?? 1500);
  const stream = generateEventStream({ seed: Number(process.env.DEMO_SEED ?? 2026), products, danceHalls, bands, users, dances, seasonDays: 90 });
  const producer = createKafka(config, undefined, '-demo').producer(PRODUCER_OPTIONS);
  await producer.connect();
  const started = Date.now();
  try {
    await publishEvents(producer, config, stream.events);
    const live = (m: Map<string, unknown>) => [...m.values()].filter((v) => v !== null).length;
    const perProjection = Object.entries(stream.expected).map(([name, docs]) => `${name}: ${docs.size} aggregates, ${live(docs)} live after deletes, on ${topicOfProjection(config, name)}`);
    console.log(`demo: published ${stream.events.length} events in ${Date.now() - started} ms (${perProjection.join('; ')})`);
    printDanceLinks(stream);
    await demonstrateReadYourWrites(producer, config);
  } finally {
    await producer.disconnect();
  }
}

/** This weekend: from today on a Friday or Saturday, else from the coming Friday; to that Sunday. */
function thisWeekend(now = new Date()): { from: string; to: string } {
  const day = now.getUTCDay();
  const toFriday = day >= 5 ? 0 : 5 - day;
  const toSunday = 7 - day;
  const date = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return { from: date(toFriday), to: date(toSunday) };
}

function printDanceLinks(stream: GeneratedStream): void {
  const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const { from, to } = thisWeekend();
  const user = [...stream.expected['user-preferences']].find(([, doc]) => (doc?.origins as unknown[] | undefined)?.length)?.[0];
  console.log(`demo: dances near Östersund this weekend: ${base}/search/dance-events?lat=63.18&lon=14.64&radiusKm=100&from=${from}&to=${to}&sort=distance`);
  if (user) console.log(`demo: dances within 100 km of a demo user's origins, without what they ignore: ${base}/search/dance-events?userId=${user}&radiusKm=100&from=${from}&to=${to}`);
}

main().catch((err) => {
  console.error(`demo: ${(err as Error).message}`);
  process.exit(1);
});
