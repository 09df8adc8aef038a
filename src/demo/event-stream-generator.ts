import { AggregateHistory } from './aggregate-history';
import { SeededRandom } from './random';
import { PLACES, STREETS, VENUE_KINDS } from './swedish-places';
import { generateBands, generateDances, generateUsers, joinDances, Step } from './dance-finder-stream';

/** The projection whose topic an event goes to (its topic comes from the registry and the configuration). */
export type AggregateKind = 'products' | 'dance-halls' | 'bands' | 'user-preferences' | 'dance-events';

/** One event as a producer would publish it, with the envelope kept for tests that tamper with it. */
export interface GeneratedEvent {
  projection: AggregateKind;
  key: string;
  envelope: {
    eventId: string;
    type: string;
    aggregateId: string;
    aggregateVersion: number;
    occurredAt: string;
    data: Record<string, unknown>;
  };
}

/** The events, and what each aggregate must look like after all of them (null: deleted). */
export interface GeneratedStream {
  events: GeneratedEvent[];
  expected: Record<AggregateKind, Map<string, Record<string, unknown> | null>>;
}

export interface StreamOptions {
  seed?: number;
  products: number;
  danceHalls: number;
  bands?: number;
  /** Users with origins and ignore lists (over the generated bands and halls). */
  users?: number;
  /** Dances at the generated halls with the generated bands, in a season from `seasonStart` (default: today). */
  dances?: number;
  seasonStart?: number;
  seasonDays?: number;
  /** Extra events after creation per aggregate, uniformly in [0, max]. */
  maxChangesPerAggregate?: number;
  deleteRate?: number;
  recreateRate?: number;
  startTime?: number;
}

const CATEGORIES = ['shoes', 'clothing', 'accessories', 'music', 'lessons', 'floor-care', 'tickets'] as const;
const PRODUCT_WORDS: Record<(typeof CATEGORIES)[number], string[]> = {
  shoes: ['Dansskor Herr Classic', 'Dansskor Dam Salsa', 'Bugg-sko Läder', 'Foxtrot Pumps', 'Träningssko Split-sula', 'Tangosko Satin'],
  clothing: ['Danskjol Volang', 'Västsvensk Dansväst', 'Balklänning Siden', 'Skjorta Linne', 'Gammaldansbyxa', 'Swingklänning Prickig'],
  accessories: ['Skoborste Mocka', 'Hälskydd Gummi', 'Solfjäder Spets', 'Slips Sammet', 'Dansväska Canvas', 'Knäskydd Mjuka'],
  music: ['Dansband Samling CD', 'Bugg Hits Vinyl', 'Schottis Klassiker', 'Polka och Hambo', 'Foxtrot Favoriter', 'Vals för Två'],
  lessons: ['Buggkurs Nybörjare', 'Foxtrot Fortsättning', 'Fox och Vals Helg', 'Lindy Hop Intensiv', 'Gammaldans Prova-på', 'Salsa Steg 1'],
  'floor-care': ['Dansgolvsvax Ek', 'Golvmopp Mikrofiber', 'Halkskydd Spray', 'Parkettolja Natur'],
  tickets: ['Sommardans Entré', 'Dansbandsgala Biljett', 'Midsommardans Pass', 'Nyårsdans Biljett'],
};
const TAGS = ['bugg', 'foxtrot', 'vals', 'schottis', 'polka', 'hambo', 'lindy', 'salsa', 'tango', 'nybörjare', 'läder', 'ekologisk', 'rea', 'nyhet'];
const DESCRIPTIONS = [
  'Läderskor för bugg och foxtrot med mjuk sula.',
  'Tålig och lätt, för långa kvällar på logen.',
  'Handgjord i Sverige av lokala hantverkare.',
  'Perfekt för nybörjare som vill komma igång.',
  'Klassisk modell som dansare älskar sedan 1970-talet.',
  'Ger bra grepp utan att bromsa i svängarna.',
];

/**
 * Generates a realistic event log for both aggregates, keeping its own record of the final documents
 * (written independently of the projections, so tests compare against something they did not derive).
 */
export function generateEventStream(options: StreamOptions): GeneratedStream {
  const rnd = new SeededRandom(options.seed ?? 42);
  const maxChanges = options.maxChangesPerAggregate ?? 4;
  const deleteRate = options.deleteRate ?? 0.08;
  const recreateRate = options.recreateRate ?? 0.4;
  let clock = options.startTime ?? Date.UTC(2026, 10, 1, 8, 0, 0);
  const at = () => new Date((clock += rnd.int(1, 2000))).toISOString();

  const perAggregate: GeneratedEvent[][] = [];
  const expected: GeneratedStream['expected'] = { products: new Map(), 'dance-halls': new Map(), bands: new Map(), 'user-preferences': new Map(), 'dance-events': new Map() };
  const halls: Step = { lists: [], expected: expected['dance-halls'], versions: new Map() };

  for (let i = 0; i < options.products; i++) {
    const h = new AggregateHistory('products', rnd.uuid(), rnd, at);
    const create = () => {
      const category = rnd.pick(CATEGORIES);
      const data = {
        name: `${rnd.pick(PRODUCT_WORDS[category])} ${rnd.int(1, 999)}`,
        description: rnd.pick(DESCRIPTIONS),
        category,
        price: rnd.int(49, 4999) + (rnd.chance(0.3) ? 0.5 : 0),
        currency: 'SEK',
        tags: [...new Set([rnd.pick(TAGS), rnd.pick(TAGS)])],
      };
      const occurredAt = h.emit('ProductCreated', data);
      h.doc = { productId: h.id, ...data, createdAt: occurredAt, updatedAt: occurredAt, version: h.version };
    };
    create();
    h.evolve(rnd.int(0, maxChanges), recreateRate, create, (live) => {
      const roll = rnd.next();
      if (roll < deleteRate) h.delete('ProductDeleted');
      else if (roll < 0.55) {
        const newPrice = rnd.int(39, 5999);
        h.change('ProductPriceChanged', { newPrice }, { price: newPrice });
      } else {
        h.change('ProductUpdated', rnd.chance(0.5) ? { name: `${String(live.name)} Deluxe` } : { tags: [rnd.pick(TAGS)], description: rnd.pick(DESCRIPTIONS) });
      }
    });
    expected.products.set(h.id, h.doc);
    perAggregate.push(h.events);
  }

  for (let i = 0; i < options.danceHalls; i++) {
    const h = new AggregateHistory('dance-halls', rnd.uuid(), rnd, at);
    const place = rnd.pick(PLACES);
    const create = () => {
      const kind = rnd.pick(VENUE_KINDS);
      const data: Record<string, unknown> = {
        name: kind.endsWith(' i') ? `${kind} ${place.city}` : `${place.city} ${kind} ${rnd.int(1, 99)}`,
        city: place.city,
        street: `${rnd.pick(STREETS)} ${rnd.int(1, 80)}`,
        postalCode: place.postalCode,
        municipality: place.municipality,
        county: place.county,
      };
      const occurredAt = h.emit('DanceHallCreated', data);
      h.doc = { danceHallId: h.id, ...data, country: 'SE', createdAt: occurredAt, updatedAt: occurredAt, version: h.version };
    };
    create();
    if (rnd.chance(0.9)) {
      const location = { lat: place.lat + (rnd.next() - 0.5) * 0.2, lon: place.lon + (rnd.next() - 0.5) * 0.2 };
      h.change('DanceHallGeocoded', { latitude: location.lat, longitude: location.lon }, { location });
    }
    h.evolve(rnd.int(0, Math.max(0, maxChanges - 2)), recreateRate, create, (live) => {
      if (rnd.chance(deleteRate)) h.delete('DanceHallDeleted');
      else h.change('DanceHallUpdated', rnd.chance(0.5) ? { street: `${rnd.pick(STREETS)} ${rnd.int(1, 80)}` } : { name: `${String(live.name)} Sommar` });
    });
    expected['dance-halls'].set(h.id, h.doc);
    halls.versions.set(h.id, h.version);
    perAggregate.push(h.events);
  }

  const context = { rnd, at, maxChanges, deleteRate, recreateRate };
  const bands = generateBands(context, options.bands ?? 0);
  const users = generateUsers(context, options.users ?? 0, [...bands.expected.keys()], [...expected['dance-halls'].keys()]);
  const season = { start: options.seasonStart ?? Date.now(), days: options.seasonDays ?? 120 };
  const dances = generateDances(context, options.dances ?? 0, [...halls.versions.keys()], [...bands.expected.keys()], season);
  perAggregate.push(...bands.lists, ...users.lists, ...dances.lists);
  expected.bands = bands.expected;
  expected['user-preferences'] = users.expected;
  expected['dance-events'] = joinDances(dances, halls, bands);

  // Interleave aggregates at random while keeping each aggregate's own order, as real producers do.
  const events: GeneratedEvent[] = [];
  const open = perAggregate.filter((list) => list.length > 0).map((list) => ({ list, next: 0 }));
  while (open.length > 0) {
    const at = Math.floor(rnd.next() * open.length);
    const q = open[at];
    events.push(q.list[q.next++]);
    // Remove by swapping with the last: O(1), so a million-event stream is generated in seconds.
    if (q.next === q.list.length) {
      open[at] = open[open.length - 1];
      open.pop();
    }
  }
  return { events, expected };
}
