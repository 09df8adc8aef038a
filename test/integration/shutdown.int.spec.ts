import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { PROJECTIONS } from '../../src/projections';
import { feedName, feedsOf } from '../../src/join/feeds';
import { withAdmin } from '../../src/kafka/admin';
import { closeWorld, freePort, isolatedWorld, testKafka, waitFor } from '../support/integration';
import { exited, spawnService } from '../support/child-service';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../support/service';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { RebuildService } from '../../src/rebuild/rebuild.service';
import { ProjectorService } from '../../src/projector/projector.service';
import { ShuttingDownError } from '../../src/rebuild/rebuild-deps';
import { replayGroup } from '../../src/rebuild/replay';
import { ProductProjection } from '../../src/projections/product.projection';

jest.setTimeout(120_000);

/** This process's open sockets to the brokers (Node has no public API listing sockets; this one is long-standing). */
const brokerSockets = (config: AppConfig): string[] => {
  const ports = new Set(config.KAFKA_BROKERS.split(',').map((b) => Number(b.split(':').pop())));
  const handles = (process as unknown as { _getActiveHandles(): Array<{ remotePort?: number; remoteAddress?: string }> })._getActiveHandles();
  return handles.filter((h) => h.remotePort !== undefined && ports.has(h.remotePort)).map((h) => `${h.remoteAddress}:${h.remotePort}`);
};

describe('shutdown', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication | undefined;

  beforeAll(async () => ({ config, engine } = await isolatedWorld('shutdown')));
  afterAll(() => closeWorld(config, engine, app));

  // Projectors start in the background after boot; a close that comes first must still stop every one of them,
  // or a consumer joins its group after the service has gone and fetches for ever.
  it('closing the service while its projectors are still starting leaves no consumer group member behind', async () => {
    const groups = PROJECTIONS.flatMap(feedsOf).map((feed) => `${config.KAFKA_GROUP_ID}.${feedName(feed)}`);
    app = await startService(config);
    await app.close();
    app = undefined;
    // Long enough for a consumer that was left running to connect and join (a join takes ~3 s here).
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    // Its dead-letter producer too: one that connected after the Kafka module disconnected it kept a socket open.
    expect(brokerSockets(config)).toEqual([]);
    const members = await withAdmin(testKafka(config), async (admin) => (await admin.describeGroups(groups)).groups.map((g) => [g.groupId, g.members.length]).sort());
    expect(members).toEqual(groups.sort().map((g) => [g, 0]));
  });

  it('closing a running service disconnects every client it connected to the broker', async () => {
    app = await startService(config);
    const projector = app.get(ProjectorService);
    await waitFor('the projectors to run', async () => Object.values(projector.statuses()).every((s) => s.state === 'running'));
    await app.close();
    app = undefined;
    expect(brokerSockets(config)).toEqual([]);
  });

  it('a rebuild asked for while the service closes does not replay after it has gone', async () => {
    app = await startService(config);
    const asked = app.get(RebuildService).start(ProductProjection).then(
      (record) => ({ record, error: undefined }),
      (error: Error) => ({ record: undefined, error }),
    );
    // The start is still reading the lock and the dead-letter topic when the close begins.
    await app.close();
    app = undefined;
    const { error } = await asked;
    expect(error).toBeInstanceOf(ShuttingDownError);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(brokerSockets(config)).toEqual([]);
    const replayGroups = replayGroup(config, ProductProjection, { id: '' });
    const replaying = await withAdmin(testKafka(config), async (admin) => {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(replayGroups));
      return (await admin.describeGroups(groups)).groups.filter((g) => g.members.length > 0).map((g) => g.groupId);
    });
    expect(replaying).toEqual([]);
  });

  it('a SIGTERM while the broker is out of reach ends the process cleanly, without waiting for the broker', async () => {
    const unreachable = { ...config, KAFKA_BROKERS: `127.0.0.1:${await freePort()}`, PORT: await freePort() } as AppConfig;
    const child = spawnService(unreachable, join(tmpdir(), 'search-indexer-tests', `shutdown-unreachable-${process.pid}.log`));
    await waitFor('the service to answer', async () => (await fetch(`http://127.0.0.1:${unreachable.PORT}/health/live`).catch(() => undefined))?.status === 200);
    // Its projectors and dead-letter producer are trying to connect by now, and kafkajs retries that for ever.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    child.kill('SIGTERM');
    // Exit 1 would mean the close ran into SHUTDOWN_TIMEOUT_MS, waiting on a start that cannot finish.
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });

  // After a crash the group still counts the killed process's members until their sessions expire (30 s), and a
  // join waits for them: a SIGTERM meanwhile ran into SHUTDOWN_TIMEOUT_MS waiting to leave, and exited 1.
  it('a SIGTERM while a restart after a crash waits to join its group ends the process cleanly', async () => {
    const service = { ...config, PORT: await freePort() } as AppConfig;
    const log = join(tmpdir(), 'search-indexer-tests', `shutdown-rejoin-${process.pid}.log`);
    const group = `${config.KAFKA_GROUP_ID}.${feedName(ProductProjection)}`;
    const described = () => withAdmin(testKafka(config), async (admin) => (await admin.describeGroups([group])).groups[0]);
    const first = spawnService(service, log);
    await waitFor('the first process to join the group', async () => (await described()).state === 'Stable');
    first.kill('SIGKILL');
    await exited(first);
    const second = spawnService(service, log);
    await waitFor('the restart to wait in a join for the killed members', async () => (await described()).state === 'PreparingRebalance', { intervalMs: 50 });
    second.kill('SIGTERM');
    expect(await exited(second)).toEqual({ code: 0, signal: null });
  });
});
