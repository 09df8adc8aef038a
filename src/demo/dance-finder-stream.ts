import { AggregateHistory } from './aggregate-history';
import type { GeneratedEvent } from './event-stream-generator';
import { SeededRandom } from './random';
import { PLACES } from './swedish-places';
import { definedFields } from '../shared/defined-fields';

const BAND_NAMES = ['Vikingarna', 'Larz-Kristerz', 'Streaplers', 'Arvingarna', 'Thorleifs', 'Lasse Stefanz', 'Sannex', 'Barbados', 'Casanovas', 'Wahlströms', 'Torgny Melins', 'Drifters', 'Titanix', 'Jannez', 'Bhonus', 'Scotts', 'Kindbergs', 'Blender', 'Höglunds', 'Zekes'];
const GENRES = ['dansband', 'gammaldans', 'bugg', 'country', 'rock’n’roll', 'swing'];
const ORIGIN_NAMES = ['Hemma', 'Stugan', 'Jobbet', 'Mamma och pappa', 'Sommarhuset'];

type Doc = Record<string, unknown>;
/** Generated aggregates: their events, what each must end as, and its last version (a delete's too). */
export type Step = { lists: GeneratedEvent[][]; expected: Map<string, Doc | null>; versions: Map<string, number> };
interface GeneratorContext { rnd: SeededRandom; at: () => string; maxChanges: number; deleteRate: number; recreateRate: number }

/** Bands: created, renamed, given a genre, some deleted (and some of those created again). */
export function generateBands(c: GeneratorContext, count: number): Step {
  const step: Step = { lists: [], expected: new Map(), versions: new Map() };
  for (let i = 0; i < count; i++) {
    const h = new AggregateHistory('bands', c.rnd.uuid(), c.rnd, c.at);
    const create = () => {
      const data = { name: `${c.rnd.pick(BAND_NAMES)}${c.rnd.chance(0.5) ? ` ${c.rnd.int(2, 99)}` : ''}`, genre: c.rnd.pick(GENRES), homeTown: c.rnd.pick(PLACES).city };
      const occurredAt = h.emit('BandCreated', data);
      h.doc = { bandId: h.id, ...data, createdAt: occurredAt, updatedAt: occurredAt, version: h.version };
    };
    create();
    h.evolve(c.rnd.int(0, c.maxChanges), c.recreateRate, create, (live) => {
      if (c.rnd.chance(c.deleteRate)) h.delete('BandDeleted');
      else if (c.rnd.chance(0.5)) h.change('BandUpdated', { name: `${String(live.name)} & Co` });
      else h.change('BandUpdated', { genre: c.rnd.pick(GENRES) });
    });
    step.expected.set(h.id, h.doc);
    step.versions.set(h.id, h.version);
    step.lists.push(h.events);
  }
  return step;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/**
 * Users adding origins and ignoring (and un-ignoring) bands, halls, cities, municipalities and states, with
 * repeats on purpose: adding what is there and removing what is not must change no set. The expected sets
 * are kept here, by their own simple rules, not by the projection.
 */
export function generateUsers(c: GeneratorContext, count: number, bandIds: readonly string[], hallIds: readonly string[]): Step {
  const step: Step = { lists: [], expected: new Map(), versions: new Map() };
  for (let i = 0; i < count; i++) {
    const h = new AggregateHistory('user-preferences', c.rnd.uuid(), c.rnd, c.at);
    const sets: Record<string, string[]> = { ignoredBandIds: [], ignoredDanceHallIds: [], ignoredCities: [], ignoredMunicipalities: [], ignoredStates: [] };
    const origins: { name: string; location: { lat: number; lon: number } }[] = [];
    let createdAt = '';
    const record = () => (h.doc = { userId: h.id, origins: [...origins], ...Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v]])), createdAt, updatedAt: h.events[h.events.length - 1].envelope.occurredAt, version: h.version });
    const toggle = (field: string, add: string, remove: string, key: string, value: string) => {
      const has = sets[field].some((v) => fold(v) === fold(value));
      const adding = !has || c.rnd.chance(0.2); // sometimes adds what is there already
      h.emit(adding ? add : remove, { [key]: value });
      if (adding && !has) sets[field].push(value);
      if (!adding) sets[field] = sets[field].filter((v) => fold(v) !== fold(value));
    };
    const steps = c.rnd.int(1, 4 + c.maxChanges);
    for (let s = 0; s < steps; s++) {
      const place = c.rnd.pick(PLACES);
      const roll = c.rnd.int(0, 5);
      if (roll === 0 || s === 0) {
        const name = c.rnd.pick(ORIGIN_NAMES);
        if (origins.some((o) => fold(o.name) === fold(name)) && c.rnd.chance(0.5)) {
          h.emit('OriginRemoved', { name });
          origins.splice(origins.findIndex((o) => fold(o.name) === fold(name)), 1);
        } else {
          h.emit('OriginAdded', { name, latitude: place.lat, longitude: place.lon });
          if (!origins.some((o) => fold(o.name) === fold(name))) origins.push({ name, location: { lat: place.lat, lon: place.lon } });
        }
      } else if (roll === 1 && bandIds.length > 0) toggle('ignoredBandIds', 'BandIgnored', 'BandUnignored', 'bandId', c.rnd.pick(bandIds));
      else if (roll === 2 && hallIds.length > 0) toggle('ignoredDanceHallIds', 'DanceHallIgnored', 'DanceHallUnignored', 'danceHallId', c.rnd.pick(hallIds));
      else if (roll === 3) toggle('ignoredCities', 'CityIgnored', 'CityUnignored', 'city', c.rnd.chance(0.3) ? place.city.toUpperCase() : place.city);
      else if (roll === 4) toggle('ignoredMunicipalities', 'MunicipalityIgnored', 'MunicipalityUnignored', 'municipality', place.municipality);
      else toggle('ignoredStates', 'StateIgnored', 'StateUnignored', 'state', c.rnd.chance(0.3) ? fold(place.county) : place.county);
      if (s === 0) createdAt = h.events[0].envelope.occurredAt;
    }
    record();
    step.expected.set(h.id, h.doc);
    step.lists.push(h.events);
  }
  return step;
}

const TITLES = ['Lördagsdans', 'Fredagsdans', 'Sommardans', 'Logdans', 'Dansafton', 'Gammaldansafton', 'Buggkväll', 'Midsommardans', 'Skördedans'];
const DAY = 86_400_000;

/** When a dance starts: an evening in the season, mostly Fridays and Saturdays, at 19, 20 or 21 (UTC). */
function evening(c: GeneratorContext, seasonStart: number, seasonDays: number): { startsAt: string; endsAt: string } {
  let day = Math.floor(seasonStart / DAY) + c.rnd.int(0, seasonDays - 1);
  if (c.rnd.chance(0.8)) day += (5 - new Date(day * DAY).getUTCDay() + 7) % 7 + (c.rnd.chance(0.5) ? 1 : 0);
  const starts = day * DAY + c.rnd.int(19, 21) * 3_600_000;
  return { startsAt: new Date(starts).toISOString(), endsAt: new Date(starts + 4 * 3_600_000).toISOString() };
}

/**
 * A season of dances at the given halls, most with a known band, some with only a band name, a few at a hall
 * or with a band no event ever creates (a dance may arrive before its hall, or its hall may never come);
 * some moved to another evening, hall or band, some cancelled. Expected documents hold the dance's own fields.
 */
export function generateDances(c: GeneratorContext, count: number, hallIds: readonly string[], bandIds: readonly string[], season: { start: number; days: number }): Step {
  const step: Step = { lists: [], expected: new Map(), versions: new Map() };
  const hall = () => (c.rnd.chance(0.03) || hallIds.length === 0 ? c.rnd.uuid() : c.rnd.pick(hallIds));
  const band = (): Doc => {
    if (c.rnd.chance(0.15) || bandIds.length === 0) return c.rnd.chance(0.5) ? { bandName: `${c.rnd.pick(BAND_NAMES)} Revival` } : {};
    return { bandId: c.rnd.chance(0.03) ? c.rnd.uuid() : c.rnd.pick(bandIds), ...(c.rnd.chance(0.2) && { bandName: c.rnd.pick(BAND_NAMES) }) };
  };
  for (let i = 0; i < count; i++) {
    const h = new AggregateHistory('dance-events', c.rnd.uuid(), c.rnd, c.at);
    const create = () => {
      const data: Doc = { danceHallId: hall(), ...evening(c, season.start, season.days), title: c.rnd.pick(TITLES), ...band(), price: c.rnd.int(10, 30) * 10, currency: 'SEK' };
      if (c.rnd.chance(0.5)) data.description = `${String(data.title)} med ${c.rnd.pick(GENRES)} hela kvällen.`;
      const occurredAt = h.emit('DanceEventCreated', data);
      h.doc = { danceEventId: h.id, ...data, createdAt: occurredAt, updatedAt: occurredAt, version: h.version };
    };
    create();
    h.evolve(c.rnd.int(0, c.maxChanges), c.recreateRate, create, () => {
      const roll = c.rnd.int(0, 9);
      if (c.rnd.chance(c.deleteRate)) h.delete('DanceEventDeleted');
      else if (roll < 3) h.change('DanceEventUpdated', evening(c, season.start, season.days));
      else if (roll < 5) h.change('DanceEventUpdated', { title: c.rnd.pick(TITLES) });
      else if (roll < 7) h.change('DanceEventUpdated', { danceHallId: hall() });
      else h.change('DanceEventUpdated', { bandId: c.rnd.pick(bandIds.length > 0 ? bandIds : [c.rnd.uuid()]) });
    });
    step.expected.set(h.id, h.doc);
    step.versions.set(h.id, h.version);
    step.lists.push(h.events);
  }
  return step;
}

/**
 * What each dance must embed, by the generator's own record of the halls and bands (not by the projections):
 * the hall or band it names now, at its last version; only the id and version once deleted; nothing when
 * no event of it exists.
 */
export function joinDances(dances: Step, halls: Step, bands: Step): Map<string, Doc | null> {
  const embed = (named: unknown, from: Step, fields: readonly string[]) => {
    if (typeof named !== 'string' || !from.versions.has(named)) return undefined;
    const doc = from.expected.get(named);
    return definedFields({ id: named, version: from.versions.get(named), ...(doc && Object.fromEntries(fields.map((f) => [f, doc[f]]))) });
  };
  const joined = new Map<string, Doc | null>();
  for (const [id, doc] of dances.expected) {
    if (!doc) {
      joined.set(id, null);
      continue;
    }
    const refs = definedFields({ hall: embed(doc.danceHallId, halls, ['name', 'city', 'municipality', 'county', 'location']), band: embed(doc.bandId, bands, ['name']) });
    joined.set(id, Object.keys(refs).length > 0 ? { ...doc, refs } : doc);
  }
  return joined;
}
