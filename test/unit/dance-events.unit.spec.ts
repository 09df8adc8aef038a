import { randomUUID } from 'node:crypto';
import { decodeMessage } from '../../src/events/decode-message';
import { DanceEventProjection } from '../../src/projections/dance-event.projection';
import { embeddedFrom, isEmbedded } from '../../src/join/join-writer';
import { feedOfDocument, feedsOf } from '../../src/join/feeds';
import { buildDanceEventSearch, centresOf, danceEventItem } from '../../src/search-api/dance-event-query';
import { toStoredDocument } from '../../src/projector/fold-batch';
import { envelope } from '../support/events';

const hallId = randomUUID();
const hall = DanceEventProjection.references![0];

describe('dance-events projection', () => {
  it('dead-letters an event whose endsAt is before its startsAt, naming the rule', () => {
    const id = randomUUID();
    const bad = envelope('DanceEventCreated', id, 1, { danceHallId: hallId, startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T18:59:00Z' });
    const decoded = decodeMessage(id, JSON.stringify(bad), DanceEventProjection.events);
    expect(decoded).toEqual({ kind: 'invalid', reason: 'invalid-data', message: 'DanceEventCreated: data.endsAt: must not be before startsAt' });
    const good = envelope('DanceEventUpdated', id, 2, { startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T19:00:00Z' });
    expect(decodeMessage(id, JSON.stringify(good), DanceEventProjection.events).kind).toBe('event');
  });

  it('runs as itself and one feed per reference, each writing its own ids into the dance-events index', () => {
    const [own, halls, bands] = feedsOf(DanceEventProjection);
    expect([own.name, halls.name, bands.name]).toEqual(['dance-events', 'dance-events', 'dance-events']);
    expect([own.topic.setting, halls.topic.setting, bands.topic.setting]).toEqual(['DANCE_EVENT_TOPIC', 'DANCE_HALL_TOPIC', 'BAND_TOPIC']);
    const created = envelope('DanceHallCreated', hallId, 1, { name: 'Logen', city: 'Åsarna' });
    expect(halls.documentId(created as never)).toBe(`hall~${hallId}`);
    expect(feedOfDocument(DanceEventProjection, `hall~${hallId}`)).toBe(halls);
    expect(feedOfDocument(DanceEventProjection, randomUUID())).toBe(own);
    // A reference holds live state, but the read alias (docKind live) must not show it.
    const state = halls.evolve(null, created as never)!;
    expect(toStoredDocument(halls, `hall~${hallId}`, { state, version: 1, parked: [] })).toMatchObject({ docKind: 'reference', name: 'Logen' });
  });

  it('embeds a reference with its id and version, only its searched fields, and only the id once deleted', () => {
    const stored = (source: Record<string, unknown>) => ({ id: `hall~${hallId}`, version: 1, source });
    const live = stored({ docKind: 'reference', danceHallId: hallId, name: 'Logen', city: 'Åsarna', street: 'Storgatan 1', version: 3 });
    expect(embeddedFrom(hall, live)).toEqual({ id: hallId, version: 3, name: 'Logen', city: 'Åsarna' });
    expect(embeddedFrom(hall, stored({ docKind: 'tombstone', danceHallId: hallId, version: 4 }))).toEqual({ id: hallId, version: 4 });
    expect(embeddedFrom(hall, stored({ docKind: 'pending', danceHallId: hallId, version: 0, parked: [{}] }))).toBeUndefined();
    expect(isEmbedded({ id: hallId, version: 3 }, { id: hallId, version: 3 })).toBe(true);
    expect(isEmbedded({ id: hallId, version: 2 }, { id: hallId, version: 3 })).toBe(false);
    expect(isEmbedded({ id: randomUUID(), version: 9 }, { id: hallId, version: 3 })).toBe(false);
  });
});

describe('dance-event search', () => {
  const user = randomUUID();
  const prefs = {
    origins: [{ name: 'Hemma', location: { lat: 63.18, lon: 14.64 } }, { name: 'Stugan', location: { lat: 59.33, lon: 18.07 } }],
    ignoredBandIds: [randomUUID()], ignoredDanceHallIds: [], ignoredCities: ['ÖSTERSUND'], ignoredMunicipalities: [], ignoredStates: ['Jämtlands län'],
  };

  it("takes the radius around each of the user's origins, and excludes what they ignore on the folded fields", () => {
    const query = { userId: user, radiusKm: 50 };
    const body = buildDanceEventSearch(query, prefs, centresOf(query, prefs));
    const bool = (body.query as { bool: { filter: unknown[]; must_not: unknown[] } }).bool;
    expect(bool.filter).toContainEqual({ bool: { should: prefs.origins.map((o) => ({ geo_distance: { distance: '50km', 'refs.hall.location': o.location } })), minimum_should_match: 1 } });
    expect(bool.must_not).toEqual([{ terms: { bandId: prefs.ignoredBandIds } }, { terms: { 'refs.hall.city.keyword': ['ÖSTERSUND'] } }, { terms: { 'refs.hall.county.keyword': ['Jämtlands län'] } }]);
  });

  it('hides past dances unless asked, and a date as `to` includes that day', () => {
    const body = buildDanceEventSearch({ from: '2026-12-04', to: '2026-12-06' }, undefined, []);
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter[0]).toEqual({ range: { startsAt: { gte: '2026-12-04', lte: '2026-12-06T23:59:59.999Z' } } });
    const now = buildDanceEventSearch({}, undefined, []);
    const gte = ((now.query as { bool: { filter: Array<{ range: { startsAt: { gte: string } } }> } }).bool.filter[0]).range.startsAt.gte;
    expect(Math.abs(Date.parse(gte) - Date.now())).toBeLessThan(5000);
  });

  it.each([
    [{ lat: 63 }, 'incomplete_geo_filter'],
    [{ radiusKm: 10 }, 'incomplete_geo_filter'],
    [{ sort: 'relevance' as const }, 'invalid_parameter'],
    [{ sort: 'distance' as const }, 'invalid_parameter'],
    [{ from: '2026-12-06', to: '2026-12-04' }, 'out_of_range'],
  ])('refuses %j with %s', (query, code) => {
    expect(() => buildDanceEventSearch(query, undefined, centresOf(query, undefined))).toThrow(expect.objectContaining({ response: expect.objectContaining({ error: expect.objectContaining({ code }) }) }));
  });

  it("answers with the band's current name when known, else the event's, and the distance to the nearest origin", () => {
    const bandId = randomUUID();
    const source = { danceEventId: 'd', startsAt: '2026-12-05T19:00:00Z', danceHallId: hallId, bandId, bandName: 'Old name', refs: { hall: { id: hallId, version: 2, name: 'Logen', location: { lat: 63.2, lon: 14.64 } } } };
    const item = danceEventItem({ id: 'd', score: null, source }, prefs.origins.map((o) => o.location));
    expect(item.band).toEqual({ bandId, name: 'Old name' });
    expect(item.danceHall).toMatchObject({ danceHallId: hallId, name: 'Logen' });
    expect(item.distanceKm).toBeCloseTo(2.224, 2);
    const renamed = danceEventItem({ id: 'd', score: null, source: { ...source, refs: { ...source.refs, band: { id: bandId, version: 3, name: 'Vikingarna' } } } }, []);
    expect(renamed.band).toEqual({ bandId, name: 'Vikingarna' });
    expect(renamed).not.toHaveProperty('distanceKm');
  });
});
