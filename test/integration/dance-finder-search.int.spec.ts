import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { AppConfig } from '../../src/config/app-config';
import { topicOfProjection } from '../../src/config/topic-settings';
import { consistencyToken } from '../../src/consistency/producer-token';
import { AggregateKind } from '../../src/demo/event-stream-generator';
import { PRODUCER_OPTIONS } from '../../src/kafka/create-kafka';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { envelope } from '../support/events';
import { closeWorld, isolatedWorld, testKafka } from '../support/integration';
import { startService } from '../support/service';

jest.setTimeout(300_000);

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
    // The hall's token too: the dance-events index reads the halls topic in batches of its own, so the dances'
    // tokens alone may be covered before the hall's name is embedded in them.
    const tokens = [await emit('dance-halls', hall, 'DanceHallCreated', { name: 'Logen i Åsarna', city: 'Åsarna', municipality: 'Bergs kommun', county: 'Jämtlands län' })];
    for (let i = 0; i < 200; i++) tokens.push(await emit('dance-events', randomUUID(), 'DanceEventCreated', { danceHallId: hall, startsAt: day(1 + (i % 60)), title: 'Logdans' }));
    const all = await search(`danceHallId=${hall}&size=1&consistentWith=${encodeURIComponent(tokens.join(','))}`);
    expect(all.total).toBe(200);
    expect(all.items[0].danceHall.name).toBe('Logen i Åsarna');
    const near = 'lat=62.65&lon=14.35&radiusKm=20';
    expect((await search(near)).total).toBe(0);

    // The hall event's token makes the search wait until the join has run: the dance-events index reads that
    // topic too, and its checkpoint of it is stored only after the hall is embedded in every dance naming it.
    const geocoded = await emit('dance-halls', hall, 'DanceHallGeocoded', { latitude: 62.646, longitude: 14.358 });
    const published = Date.now();
    const found = await search(`${near}&consistentWith=${encodeURIComponent(geocoded)}`);
    expect(found.total).toBe(200);
    console.log(`hall geocoded after 200 dances: all 200 in a geo search ${Date.now() - published} ms after publishing`);
    expect((await search(`${near}&size=100`)).items.every((d) => d.distanceKm! < 1)).toBe(true);
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

  it('is described in the OpenAPI document with every parameter the contract lists', async () => {
    const res = await fetch(`http://127.0.0.1:${config.PORT}/docs-json`);
    const document = (await res.json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    const names = (document.paths['/search/dance-events']?.get?.parameters ?? []).map((p) => p.name).sort();
    expect(names).toEqual(['bandId', 'consistentWith', 'cursor', 'danceHallId', 'from', 'lat', 'lon', 'q', 'radiusKm', 'size', 'sort', 'to', 'userId']);
  });
});
