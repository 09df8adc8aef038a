import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { topicOfProjection } from '../../src/config/topic-settings';
import { consistencyToken } from '../../src/consistency/producer-token';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { envelope } from '../support/events';
import { AggregateKind } from '../../src/demo/event-stream-generator';
import { readAlias } from '../../src/indices/index-names';
import { topicsOf } from '../../src/join/feeds';
import { DanceEventProjection } from '../../src/projections/dance-event.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { faultyStream, OutgoingMessage } from '../support/faulty-stream';
import { publish } from '../support/publish';
import { closeWorld, expectSameDocuments, freePort, isolatedWorld, readModel, testKafka, waitFor, waitForCatchUp } from '../support/integration';
import { exited, spawnService } from '../support/child-service';
import { liveIndexOf, startService } from '../support/service';
import { runCli } from '../support/cli';

jest.setTimeout(600_000);

const dances = DanceEventProjection;
// Halls geocoded after their dances, bands renamed, dances moved, deletes and re-creations, redeliveries and poison.
const fs = faultyStream({ seed: 21, products: 0, danceHalls: 60, bands: 40, users: 0, dances: 600, maxChangesPerAggregate: 5, deleteRate: 0.1, poisonEvery: 61 });
const JOINED: AggregateKind[] = ['dance-events', 'dance-halls', 'bands'];
const expectedLive = () => [...fs.stream.expected['dance-events']].filter(([, doc]) => doc !== null);
const of = (kind: AggregateKind) => fs.messages.filter((m) => m.projection === kind);

async function caughtUp(config: AppConfig, engine: SearchEngine): Promise<void> {
  const index = await liveIndexOf(engine, config, dances);
  for (const topic of topicsOf(config, dances)) await waitForCatchUp(config, engine, index, topic);
  await engine.refresh(await index());
}

/** Aggregates that leave no live document: created, then deleted. */
function createdAndDeleted(kind: 'dance-halls' | 'dance-events'): OutgoingMessage[] {
  const created = kind === 'dance-halls' ? ['DanceHallCreated', { name: 'Rivet', city: 'Ånge' }] : ['DanceEventCreated', { danceHallId: randomUUID(), startsAt: '2026-12-05T19:00:00Z' }];
  return Array.from({ length: 24 }, () => randomUUID()).flatMap((id) => [
    { projection: kind, key: id, value: JSON.stringify(envelope(created[0] as string, id, 1, created[1] as Record<string, unknown>)) },
    { projection: kind, key: id, value: JSON.stringify(envelope(kind === 'dance-halls' ? 'DanceHallDeleted' : 'DanceEventDeleted', id, 2, {})) },
  ]);
}

const expectJoinedAsFolded = async (config: AppConfig, engine: SearchEngine) =>
  expectSameDocuments(await readModel(engine, readAlias(config.INDEX_PREFIX, dances), dances.idField), expectedLive());

describe('dance-events, joined across three topics, converge whatever the interleaving', () => {
  it('the generated stream covers what the join must survive', () => {
    const live = expectedLive().map(([, d]) => d!);
    expect(live.filter((d) => (d.refs as { hall?: { location?: unknown } } | undefined)?.hall?.location).length).toBeGreaterThan(300);
    expect(live.filter((d) => !(d.refs as { hall?: unknown } | undefined)?.hall).length).toBeGreaterThan(5); // halls never created
    expect(live.filter((d) => (d.refs as { band?: { name?: string } } | undefined)?.band?.name?.endsWith('& Co')).length).toBeGreaterThan(10); // bands renamed
    expect(fs.poison.filter((p) => JOINED.includes(p.projection)).length).toBeGreaterThan(10);
  });

  const orders = [
    ['dance-events', 'dance-halls', 'bands'],
    ['dance-events', 'bands', 'dance-halls'],
    ['dance-halls', 'dance-events', 'bands'],
    ['dance-halls', 'bands', 'dance-events'],
    ['bands', 'dance-events', 'dance-halls'],
    ['bands', 'dance-halls', 'dance-events'],
  ] as AggregateKind[][];

  it.each(orders.map((o) => [o.join(' → '), o] as const))('topics delivered one after another (%s): equal to the independent fold', async (_name, order) => {
    const { config, engine } = await isolatedWorld('dance-order');
    let app: INestApplication | undefined;
    try {
      app = await startService(config);
      const index = await liveIndexOf(engine, config, dances);
      for (const kind of order) {
        await publish(config, of(kind));
        // Each topic is fully projected before the next arrives: the others see it only as history.
        for (const topic of topicsOf(config, dances)) await waitForCatchUp(config, engine, index, topic);
      }
      await engine.refresh(await index());
      await expectJoinedAsFolded(config, engine);
    } finally {
      await closeWorld(config, engine, app);
    }
  });

  it.each([
    ['halls', ['dance-events', 'bands'], 'dance-halls'],
    ['dances', ['dance-halls', 'bands'], 'dance-events'],
  ] as const)('%s last, SIGKILLed between their documents and the join step, then two instances killed at random: equal to the fold', async (_name, first, last) => {
    const { config, engine } = await isolatedWorld('dance-kill');
    const logFile = join(tmpdir(), `dance-kill-${process.pid}.log`);
    const running: ChildProcess[] = [];
    const spawn = async (env: Record<string, string> = {}) => {
      const child = spawnService(config, logFile, { PORT: String(await freePort()), ...env });
      running.push(child);
      return child;
    };
    try {
      // Aggregates of the last kind created and deleted first give its partitions checkpoints, so the redo after
      // the crash below reads what the crashed batch stored (true duplicates), not a replay from offset zero.
      await publish(config, [...first.flatMap(of), ...createdAndDeleted(last)]);
      const settled = await spawn();
      for (const kind of [...first, last]) await waitForCatchUp(config, engine, await liveIndexOf(engine, config, dances), topicOfProjection(config, kind));
      settled.kill('SIGTERM');
      await exited(settled);

      // The only join step left to run is the last topic's: the first one to reach it kills its process, after
      // its documents are stored and before it embeds or fans out. The redo finds them stored (duplicates).
      await publish(config, of(last));
      const marker = join(tmpdir(), `dance-kill-${process.pid}-${last}`);
      const crashing = await spawn({ FAILPOINT: 'before-join', FAILPOINT_MARKER: marker });
      expect((await exited(crashing)).signal).toBe('SIGKILL');
      expect(existsSync(marker)).toBe(true);

      const [one] = [await spawn(), await spawn()];
      await new Promise((r) => setTimeout(r, 1500));
      one.kill('SIGKILL');
      await caughtUp(config, engine);
      await expectJoinedAsFolded(config, engine);
      for (const child of running) child.kill('SIGTERM');

      if (last !== 'dance-events') return;
      const verified = runCli(config, 'verify', dances.name);
      expect(verified.stdout).toMatch(/ 0 differences/);
      const rebuilt = runCli(config, 'rebuild', dances.name);
      expect(rebuilt.code).toBe(0);
      await engine.refresh(readAlias(config.INDEX_PREFIX, dances));
      await expectJoinedAsFolded(config, engine);
    } finally {
      for (const child of running) child.kill('SIGKILL');
      await closeWorld(config, engine);
    }
  });
});

describe('dance-events search through the join', () => {
  let config: AppConfig;
  let engine: SearchEngine;
  let app: INestApplication;
  let producer: Producer;
  const versions = new Map<string, number>();
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

  /** Publishes the aggregate's next event; answers the token of where it landed. */
  const emit = async (kind: AggregateKind, id: string, type: string, data: Record<string, unknown>) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    const sent = await producer.send({ topic: topicOfProjection(config, kind), acks: -1, messages: [{ key: id, value: JSON.stringify(envelope(type, id, version, data)) }] });
    return consistencyToken(sent);
  };
  const search = async (query: string) => {
    const res = await fetch(`http://127.0.0.1:${config.PORT}/search/dance-events?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { total: number; items: Array<{ danceEventId: string; distanceKm?: number; danceHall: { name?: string }; band: { name?: string } }> };
  };
  const ids = async (query: string) => (await search(`${query}&size=100`)).items.map((i) => i.danceEventId).sort();

  beforeAll(async () => {
    ({ config, engine } = await isolatedWorld('dance-search', { SEARCH_RATE_LIMIT: '100000', CONSISTENCY_MAX_WAIT_MS: '15000' }));
    app = await startService(config);
    producer = testKafka(config).producer(PRODUCER_OPTIONS);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await closeWorld(config, engine, app);
  });

  it('a hall geocoded after 200 of its dances were indexed: all 200 are found by a geo search, without a rebuild', async () => {
    const hall = randomUUID();
    await emit('dance-halls', hall, 'DanceHallCreated', { name: 'Logen i Åsarna', city: 'Åsarna', municipality: 'Bergs kommun', county: 'Jämtlands län' });
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++) tokens.push(await emit('dance-events', randomUUID(), 'DanceEventCreated', { danceHallId: hall, startsAt: day(1 + (i % 60)), title: 'Logdans' }));
    const all = await search(`danceHallId=${hall}&size=1&consistentWith=${encodeURIComponent(tokens.join(','))}`);
    expect(all.total).toBe(200);
    expect(all.items[0].danceHall.name).toBe('Logen i Åsarna');
    const near = `lat=62.65&lon=14.35&radiusKm=20&size=1`;
    expect((await search(near)).total).toBe(0);

    const geocoded = await emit('dance-halls', hall, 'DanceHallGeocoded', { latitude: 62.646, longitude: 14.358 });
    const published = Date.now();
    const seen = await waitFor('all 200 dances in the geo search', async () => (await search(near)).total === 200 && Date.now(), { timeoutMs: 10_000, intervalMs: 50 });
    console.log(`hall geocoded after 200 dances: all 200 in a geo search ${seen - published} ms after publishing`);
    // With the hall event's token the geo search waits for the join (the dance-events index reads that topic too).
    expect((await search(`${near}&consistentWith=${encodeURIComponent(geocoded)}`)).total).toBe(200);
  });

  it('a user ignoring a band, a hall and a municipality never sees them; removing the ignores brings them back', async () => {
    const [h1, h2, h3, b1, b2, user] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const tokens = [
      await emit('dance-halls', h1, 'DanceHallCreated', { name: 'Bygdegården Åsarna', city: 'Åsarna', municipality: 'Bergs kommun', county: 'Jämtlands län' }),
      await emit('dance-halls', h2, 'DanceHallCreated', { name: 'Krokoms Folkets Park', city: 'Krokom', municipality: 'Krokoms kommun', county: 'Jämtlands län' }),
      await emit('dance-halls', h3, 'DanceHallCreated', { name: 'Östersunds Folkets Park', city: 'Östersund', municipality: 'Östersunds kommun', county: 'Jämtlands län' }),
      await emit('bands', b1, 'BandCreated', { name: 'Vikingarna' }),
      await emit('bands', b2, 'BandCreated', { name: 'Streaplers' }),
    ];
    const dances = { inIgnoredMunicipality: [h1, b2], withIgnoredBand: [h2, b1], atIgnoredHall: [h3, b2], none: [h2, b2] };
    const danceIds: Record<string, string> = {};
    for (const [name, [hall, band]] of Object.entries(dances)) {
      danceIds[name] = randomUUID();
      tokens.push(await emit('dance-events', danceIds[name], 'DanceEventCreated', { danceHallId: hall, bandId: band, startsAt: day(3), title: 'Lördagsdans' }));
    }
    tokens.push(
      await emit('user-preferences', user, 'BandIgnored', { bandId: b1 }),
      await emit('user-preferences', user, 'DanceHallIgnored', { danceHallId: h3 }),
      await emit('user-preferences', user, 'MunicipalityIgnored', { municipality: 'BERGS KOMMUN' }),
    );
    const token = encodeURIComponent(tokens.join(','));
    const mine = `q=lordagsdans&to=${day(4).slice(0, 10)}`;
    expect(await ids(`${mine}&consistentWith=${token}`)).toEqual(Object.values(danceIds).sort());
    expect(await ids(`${mine}&userId=${user}&consistentWith=${token}`)).toEqual([danceIds.none]);
    expect(await ids(`${mine}&userId=${randomUUID()}`)).toEqual(Object.values(danceIds).sort()); // unknown user: no preferences

    const undone = [
      await emit('user-preferences', user, 'BandUnignored', { bandId: b1 }),
      await emit('user-preferences', user, 'DanceHallUnignored', { danceHallId: h3 }),
      await emit('user-preferences', user, 'MunicipalityUnignored', { municipality: 'Bergs kommun' }),
    ];
    expect(await ids(`${mine}&userId=${user}&consistentWith=${encodeURIComponent(undone.join(','))}`)).toEqual(Object.values(danceIds).sort());
  });
});
