import { randomUUID } from 'node:crypto';
import { OutgoingMessage } from './faulty-stream';
import { envelope, productCreated } from './events';

export interface HallFixture {
  id: string;
  name: string;
  city: string;
  county: string;
  lat: number;
  lon: number;
}

/** Real Swedish venues (approximate positions), the names the contract says must be findable. */
export const HALLS: HallFixture[] = [
  { name: 'Östersunds Folkets Park', city: 'Östersund', county: 'Jämtlands län', lat: 63.1766, lon: 14.6361 },
  { name: 'Bygdegården Åsarna', city: 'Åsarna', county: 'Jämtlands län', lat: 62.6486, lon: 14.3594 },
  { name: 'Dansbanan i Gärdsnäs', city: 'Gärdsnäs', county: 'Jämtlands län', lat: 62.8012, lon: 14.1933 },
  { name: 'Brunnsparken Ronneby', city: 'Ronneby', county: 'Blekinge län', lat: 56.2094, lon: 15.276 },
  { name: 'Furuviksparken', city: 'Gävle', county: 'Gävleborgs län', lat: 60.6532, lon: 17.3319 },
  { name: 'Sörmlandsgården Nyköping', city: 'Nyköping', county: 'Södermanlands län', lat: 58.753, lon: 17.0079 },
  { name: 'Folkets Park Malmö', city: 'Malmö', county: 'Skåne län', lat: 55.5945, lon: 13.0083 },
  { name: 'Logen i Vemdalen', city: 'Vemdalen', county: 'Jämtlands län', lat: 62.4476, lon: 13.8627 },
  { name: 'Frösö Dansbana', city: 'Frösön', county: 'Jämtlands län', lat: 63.1853, lon: 14.5412 },
  { name: 'Brunflo Bygdegård', city: 'Brunflo', county: 'Jämtlands län', lat: 63.0797, lon: 14.8231 },
  { name: 'Svegs Folkets Hus', city: 'Sveg', county: 'Jämtlands län', lat: 62.0344, lon: 14.3579 },
  { name: 'Strömsunds Dansladan', city: 'Strömsund', county: 'Jämtlands län', lat: 63.8519, lon: 15.5564 },
].map((h) => ({ ...h, id: randomUUID() }));

export interface ProductFixture {
  id: string;
  name: string;
  category: string;
  price: number;
  tags: string[];
}

const NAMED_PRODUCTS: Omit<ProductFixture, 'id'>[] = [
  { name: 'Dansskor Herr Classic', category: 'shoes', price: 899, tags: ['bugg', 'foxtrot'] },
  { name: 'Foxtrot Pumps Satin', category: 'shoes', price: 1299, tags: ['foxtrot'] },
  { name: 'Buggkurs för nybörjare', category: 'lessons', price: 1500, tags: ['bugg', 'nybörjare'] },
  { name: 'Balklänning Siden', category: 'clothing', price: 2400, tags: ['vals'] },
  { name: 'Schottis Klassiker Vinyl', category: 'music', price: 249, tags: ['schottis'] },
];

/** The named products plus 300 filler items in one category, enough to page through with cursors. */
export const PRODUCTS: ProductFixture[] = [
  ...NAMED_PRODUCTS,
  ...Array.from({ length: 300 }, (_, i) => ({ name: `Dansgolvsvax nummer ${i + 1}`, category: 'floor-care', price: 100 + (i % 50), tags: ['golv'] })),
].map((p) => ({ ...p, id: randomUUID() }));

/** Dance bands with Swedish names, a shared genre, and 30 fillers to page through. */
export const BANDS = [
  { name: 'Vikingarna', genre: 'dansband', homeTown: 'Kalix' },
  { name: 'Wahlströms', genre: 'dansband', homeTown: 'Göteborg' },
  { name: 'Larz-Kristerz', genre: 'dansband', homeTown: 'Älvdalen' },
  { name: 'Höglunds Gammeldans', genre: 'gammaldans', homeTown: 'Östersund' },
  { name: 'Streaplers', genre: 'dansband', homeTown: 'Kungälv' },
  ...Array.from({ length: 30 }, (_, i) => ({ name: `Spelmanslaget ${i + 1}`, genre: 'folkmusik', homeTown: 'Rättvik' })),
].map((b) => ({ ...b, id: randomUUID() }));

const DAY = 86_400_000;
const evening = (days: number) => new Date(Math.floor(Date.now() / DAY + days) * DAY + 20 * 3_600_000).toISOString();

/**
 * A dance at each hall with one of the five named bands, one a day from tomorrow; 30 more at the first hall
 * with the fillers (to page through); and one that was yesterday (hidden unless asked for).
 */
export const DANCES = [
  ...HALLS.map((h, i) => ({ hall: h, band: BANDS[i % 5], startsAt: evening(1 + i), title: 'Lördagsdans' })),
  ...Array.from({ length: 30 }, (_, i) => ({ hall: HALLS[0], band: BANDS[5 + i], startsAt: evening(20 + i), title: 'Spelmansstämma' })),
  { hall: HALLS[1], band: BANDS[0], startsAt: evening(-1), title: 'Gårdagens dans' },
].map((d) => ({ ...d, id: randomUUID() }));

export function fixtureMessages(): OutgoingMessage[] {
  const bands = BANDS.map((b): OutgoingMessage => ({ projection: 'bands', key: b.id, value: JSON.stringify(envelope('BandCreated', b.id, 1, { name: b.name, genre: b.genre, homeTown: b.homeTown })) }));
  const halls = HALLS.flatMap((h): OutgoingMessage[] => [
    { projection: 'dance-halls', key: h.id, value: JSON.stringify(envelope('DanceHallCreated', h.id, 1, { name: h.name, city: h.city, county: h.county })) },
    { projection: 'dance-halls', key: h.id, value: JSON.stringify(envelope('DanceHallGeocoded', h.id, 2, { latitude: h.lat, longitude: h.lon })) },
  ]);
  const products = PRODUCTS.map(
    (p, i): OutgoingMessage => ({
      projection: 'products',
      key: p.id,
      value: JSON.stringify(
        productCreated(p.id, 1, { name: p.name, category: p.category, price: p.price, tags: p.tags, description: `Beskrivning ${i}` }),
      ),
    }),
  );
  const dances = DANCES.map((d): OutgoingMessage => ({ projection: 'dance-events', key: d.id, value: JSON.stringify(envelope('DanceEventCreated', d.id, 1, { danceHallId: d.hall.id, bandId: d.band.id, startsAt: d.startsAt, title: d.title })) }));
  return [...dances, ...halls, ...products, ...bands];
}

/** Great-circle distance in km, computed here independently of the engine. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
