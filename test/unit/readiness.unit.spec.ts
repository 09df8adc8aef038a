import { HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { ReadinessIndicators } from '../../src/ops/readiness';
import { ProjectorService } from '../../src/projector/projector.service';
import { SearchEngine } from '../../src/search-engine/search-engine.port';

/** An admin whose connect completes when the test says so, and which knows whether it is left connected. */
function slowAdmin() {
  let finishConnect = () => undefined as void;
  const admin = {
    connected: false,
    created: 0,
    connect: () => new Promise<void>((resolve) => (finishConnect = () => ((admin.connected = true), resolve()))),
    describeCluster: async () => ({ brokers: [] }),
    disconnect: async () => void (admin.connected = false),
  };
  const kafka = { admin: () => (admin.created++, admin) } as unknown as Kafka;
  return { admin, kafka, finishConnect: () => finishConnect() };
}

const indicators = (kafka: Kafka) => new ReadinessIndicators(new HealthIndicatorService(), kafka, {} as SearchEngine, {} as ProjectorService);

describe('readiness checks at shutdown', () => {
  it('disconnects an admin whose connect completes after the shutdown hook', async () => {
    const { admin, kafka, finishConnect } = slowAdmin();
    const readiness = indicators(kafka);
    const check = readiness.kafkaReachable();
    await readiness.onApplicationShutdown();
    finishConnect();
    await check;
    expect(admin.connected).toBe(false);
  });

  it('makes no connection for a check that starts after shutdown', async () => {
    const { admin, kafka } = slowAdmin();
    const readiness = indicators(kafka);
    await readiness.onApplicationShutdown();
    const result = await readiness.kafkaReachable();
    expect(admin.created).toBe(0);
    expect(result).toEqual({ kafka: { status: 'down', reason: 'shutting down' } });
  });
});
