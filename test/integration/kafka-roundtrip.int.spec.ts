import { Consumer, EachMessagePayload } from 'kafkajs';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { AppConfig } from '../../src/config/app-config';
import { cleanUp, createTopics, isolatedConfig, testKafka, waitFor } from '../support/integration';

jest.setTimeout(120_000);

describe('kafkajs against the real local broker', () => {
  let config: AppConfig;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    config = await isolatedConfig('kafka');
    await createTopics(config);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await cleanUp(config);
  });

  it('round-trips through a consumer group: join, commit, rebalance across two members', async () => {
    const kafka = testKafka(config);
    const topic = config.topics.PRODUCT_TOPIC;
    const groupId = `${config.KAFKA_GROUP_ID}-roundtrip`;
    const producer = kafka.producer(PRODUCER_OPTIONS);
    await producer.connect();
    const send = (from: number, n: number) =>
      producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ key: `k${(from + i) % 40}`, value: `m${from + i}` })) });

    const seen: Record<string, string[]> = { a: [], b: [] };
    const assignments: Record<string, number[]> = { a: [], b: [] };
    const member = async (name: 'a' | 'b') => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      consumers.push(consumer);
      consumer.on(consumer.events.GROUP_JOIN, (e) => (assignments[name] = e.payload.memberAssignment[topic] ?? []));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => void seen[name].push(message.value!.toString()) });
      return consumer;
    };

    await send(0, 60);
    await member('a');
    await waitFor('member a to consume the first 60', async () => seen.a.length === 60);
    expect(assignments.a.sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const admin = kafka.admin();
    await admin.connect();
    const committed = async () =>
      (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    await waitFor('offsets of the first 60 committed', async () => (await committed()) === 60);

    await member('b');
    await waitFor('a rebalance giving both members partitions', async () => assignments.a.length > 0 && assignments.b.length > 0 && assignments.a.length + assignments.b.length === 6);
    expect(new Set([...assignments.a, ...assignments.b]).size).toBe(6);

    await send(60, 60);
    await waitFor('all 120 consumed between the two members', async () => seen.a.length + seen.b.length >= 120);
    await waitFor('all 120 committed', async () => (await committed()) === 120);
    const all = [...seen.a, ...seen.b];
    expect(new Set(all).size).toBe(120);
    expect(seen.b.length).toBeGreaterThan(0);
    await admin.disconnect();
    await producer.disconnect();
  });
});
