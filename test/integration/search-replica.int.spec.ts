import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { AppConfig } from '../../src/config/app-config';
import { consistencyToken } from '../../src/consistency/producer-token';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { ProjectorService } from '../../src/projector/projector.service';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { productCreated } from '../support/events';
import { closeWorld, freePort, isolatedWorld, testKafka } from '../support/integration';
import { startService } from '../support/service';

jest.setTimeout(180_000);

// A search replica (PROJECTORS_ENABLED=false) next to a projecting instance: it serves searches and
// read-your-writes from what the other one stores, and consumes nothing itself.
describe('a search replica', () => {
  let config: AppConfig;
  let replicaConfig: AppConfig;
  let engine: SearchEngine;
  let projecting: INestApplication | undefined;
  let replica: INestApplication;
  let producer: Producer;

  const publish = async (id: string, category: string) =>
    consistencyToken(await producer.send({ topic: config.topics.PRODUCT_TOPIC, acks: -1, messages: [{ key: id, value: JSON.stringify(productCreated(id, 1, { category })) }] }));
  const search = async (category: string, token: string) => {
    const res = await fetch(`http://127.0.0.1:${replicaConfig.PORT}/search/products?category=${category}&consistentWith=${encodeURIComponent(token)}`);
    const body = (await res.json()) as Record<string, any>;
    return { status: res.status, ids: (body.items ?? []).map((item: { productId: string }) => item.productId), code: body.error?.code };
  };

  beforeAll(async () => {
    ({ config, engine } = await isolatedWorld('replica', { CONSISTENCY_MAX_WAIT_MS: '10000' }));
    replicaConfig = { ...config, PORT: await freePort(), PROJECTORS_ENABLED: false, CONSISTENCY_MAX_WAIT_MS: 3000 } as AppConfig;
    producer = testKafka(config).producer(PRODUCER_OPTIONS);
    await producer.connect();
    projecting = await startService(config);
    replica = await startService(replicaConfig);
  });

  afterAll(async () => {
    await producer?.disconnect();
    if (config) await closeWorld(config, engine, projecting, replica);
  });

  it('shows what the projecting instance stored, waiting for a consistentWith token', async () => {
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      expect(await search(`replica-${i}`, await publish(id, `replica-${i}`))).toEqual({ status: 200, ids: [id], code: undefined });
    }
  });

  it('runs no consumer: with the projecting instance gone, nothing more is projected and it stays ready', async () => {
    expect(replica.get(ProjectorService).statuses()).toEqual({});
    const group = `${config.KAFKA_GROUP_ID}.products`;
    const admin = testKafka(config).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([group]);
      // The projecting instance's members only (KAFKA_CONSUMERS_PER_PROJECTION of them): the replica joins none.
      expect(config.KAFKA_CONSUMERS_PER_PROJECTION).toBe(2);
      expect(groups[0].members).toHaveLength(config.KAFKA_CONSUMERS_PER_PROJECTION);
    } finally {
      await admin.disconnect();
    }
    await projecting!.close();
    projecting = undefined;
    const answer = await search('after', await publish(randomUUID(), 'after'));
    expect({ status: answer.status, code: answer.code }).toEqual({ status: 504, code: 'consistency_timeout' });
    expect((await fetch(`http://127.0.0.1:${replicaConfig.PORT}/health/ready`)).status).toBe(200);
  });
});
