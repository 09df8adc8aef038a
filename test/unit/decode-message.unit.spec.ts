import { randomUUID } from 'node:crypto';
import { decodeMessage, MAX_MESSAGE_BYTES } from '../../src/events/decode-message';
import { PRODUCT_EVENT_SCHEMAS } from '../../src/events/product-events';
import { DANCE_HALL_EVENT_SCHEMAS } from '../../src/events/dance-hall-events';
import { envelope, productCreated } from '../support/events';

const decodeProduct = (value: unknown, key?: string | null) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const k = key === undefined ? (value as { aggregateId?: string }).aggregateId : key;
  return decodeMessage(k, Buffer.from(text), PRODUCT_EVENT_SCHEMAS);
};

describe('decodeMessage (the event contract)', () => {
  const id = randomUUID();

  it('accepts the contract example', () => {
    const example = {
      eventId: '5b0e1c9a-4a0e-4d8e-9b7e-0d5c2f0e9a11',
      type: 'ProductCreated',
      aggregateId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      aggregateVersion: 1,
      occurredAt: '2026-11-22T10:15:30.123Z',
      data: { name: 'Dansskor Herr Classic', description: 'Läderskor för bugg och foxtrot', category: 'shoes', price: 899, currency: 'SEK', tags: ['bugg', 'foxtrot'] },
    };
    const decoded = decodeProduct(example);
    expect(decoded.kind).toBe('event');
  });

  it('accepts tags absent and a zero price', () => {
    const e = productCreated(id, 1, { price: 0 });
    delete (e.data as Record<string, unknown>).tags;
    expect(decodeProduct(e).kind).toBe('event');
  });

  it('skips a type the projection does not know, without error', () => {
    expect(decodeProduct(envelope('ProductReviewed', id, 2, { stars: 5 }))).toEqual({ kind: 'unknown-type', type: 'ProductReviewed' });
  });

  it.each([
    ['not JSON', '{"eventId":', 'invalid-json'],
    ['a JSON array', '[1,2]', 'invalid-json'],
  ])('dead-letters %s', (_what, raw, reason) => {
    expect(decodeMessage(id, Buffer.from(raw), PRODUCT_EVENT_SCHEMAS)).toMatchObject({ kind: 'invalid', reason });
  });

  it('dead-letters a key that differs from aggregateId, and a missing key', () => {
    const e = productCreated(id);
    expect(decodeProduct(e, randomUUID())).toMatchObject({ kind: 'invalid', reason: 'key-mismatch' });
    expect(decodeProduct(e, null)).toMatchObject({ kind: 'invalid', reason: 'key-mismatch' });
  });

  it('dead-letters a value over 1 MiB', () => {
    const e = productCreated(id, 1, { description: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(decodeProduct(e)).toMatchObject({ kind: 'invalid', reason: 'value-too-large' });
  });

  it.each([
    ['eventId not a UUID', { eventId: 'abc' }],
    ['aggregateId not a UUID', { aggregateId: 'p-1' }],
    ['aggregateVersion 0', { aggregateVersion: 0 }],
    ['aggregateVersion 1.5', { aggregateVersion: 1.5 }],
    ['aggregateVersion as a string', { aggregateVersion: '2' }],
    ['occurredAt without a zone', { occurredAt: '2026-11-22T10:15:30' }],
    ['occurredAt not a date', { occurredAt: 'yesterday' }],
    ['occurredAt on a day its month does not have', { occurredAt: '2026-02-31T10:00:00Z' }],
    ['occurredAt on Feb 29 of a common year', { occurredAt: '2026-02-29T10:00:00Z' }],
    ['occurredAt at hour 24', { occurredAt: '2026-11-22T24:00:00Z' }],
    ['occurredAt at minute 60', { occurredAt: '2026-11-22T10:60:00Z' }],
    ['occurredAt with an offset of 25 hours', { occurredAt: '2026-11-22T10:00:00+25:00' }],
    ['data missing', { data: undefined }],
    ['data an array', { data: [] }],
  ])('dead-letters an envelope with %s', (_what, change) => {
    const e = { ...productCreated(id), ...change } as Record<string, unknown>;
    const key = typeof e.aggregateId === 'string' ? e.aggregateId : id;
    expect(decodeProduct(e, key)).toMatchObject({ kind: 'invalid', reason: 'invalid-envelope' });
  });

  it.each([
    ['a negative price', { price: -1 }],
    ['a price as a string', { price: '899' }],
    ['an empty name', { name: '' }],
    ['a name of 201 characters', { name: 'n'.repeat(201) }],
    ['a description over 10000 characters', { description: 'd'.repeat(10001) }],
    ['a lower-case currency', { currency: 'sek' }],
    ['an unknown currency', { currency: 'XXY' }],
    ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
    ['an empty tag', { tags: [''] }],
    ['a category of 101 characters', { category: 'c'.repeat(101) }],
  ])('dead-letters ProductCreated with %s', (_what, change) => {
    expect(decodeProduct(productCreated(id, 1, change))).toMatchObject({ kind: 'invalid', reason: 'invalid-data' });
  });

  it('names every broken rule with its field path in the dead-letter message', () => {
    const decoded = decodeProduct(productCreated(id, 1, { price: -1, currency: 'sek', name: undefined }));
    expect(decoded).toMatchObject({ kind: 'invalid', reason: 'invalid-data' });
    const message = (decoded as { message: string }).message;
    expect(message).toMatch(/^ProductCreated: /);
    expect(message).toContain('data.name: is required');
    expect(message).toContain('data.price: must be >= 0');
    expect(message).toContain('data.currency: must be equal to one of the allowed values (got "sek")');
  });

  it('says which envelope field is wrong', () => {
    const decoded = decodeProduct({ ...productCreated(id), aggregateVersion: 0 });
    expect(decoded).toEqual({ kind: 'invalid', reason: 'invalid-envelope', message: 'aggregateVersion: must be >= 1' });
  });

  it('accepts a leap day and an offset without seconds', () => {
    expect(decodeProduct({ ...productCreated(id), occurredAt: '2028-02-29T10:00+01:00' }).kind).toBe('event');
  });

  it('dead-letters an empty ProductUpdated and accepts a one-field one', () => {
    expect(decodeProduct(envelope('ProductUpdated', id, 2, {}))).toEqual({
      kind: 'invalid',
      reason: 'invalid-data',
      message: 'ProductUpdated: data must contain at least one of name, description, category, tags',
    });
    expect(decodeProduct(envelope('ProductUpdated', id, 2, {}))).toMatchObject({ kind: 'invalid', reason: 'invalid-data' });
    expect(decodeProduct(envelope('ProductUpdated', id, 2, { tags: ['vals'] })).kind).toBe('event');
  });

  it('checks ProductPriceChanged', () => {
    expect(decodeProduct(envelope('ProductPriceChanged', id, 2, { newPrice: 10 })).kind).toBe('event');
    expect(decodeProduct(envelope('ProductPriceChanged', id, 2, { newPrice: -3 }))).toMatchObject({ reason: 'invalid-data' });
    expect(decodeProduct(envelope('ProductPriceChanged', id, 2, { newPrice: 3, currency: 'EURO' }))).toMatchObject({ reason: 'invalid-data' });
  });

  it('accepts ProductDeleted with any data fields', () => {
    expect(decodeProduct(envelope('ProductDeleted', id, 3, { why: 'gone' })).kind).toBe('event');
  });

  describe('dance halls', () => {
    const decodeHall = (e: Record<string, unknown>) => decodeMessage(e.aggregateId as string, Buffer.from(JSON.stringify(e)), DANCE_HALL_EVENT_SCHEMAS);

    it('accepts a created venue with only name and city, and with diacritics', () => {
      expect(decodeHall(envelope('DanceHallCreated', id, 1, { name: 'Bygdegården Åsarna', city: 'Åsarna' })).kind).toBe('event');
    });

    it.each([
      ['a latitude of 91', { latitude: 91, longitude: 10 }],
      ['a longitude of -181', { latitude: 10, longitude: -181 }],
      ['a latitude as a string', { latitude: '63.1', longitude: 14.6 }],
      ['no longitude', { latitude: 63.1 }],
    ])('dead-letters DanceHallGeocoded with %s', (_what, data) => {
      expect(decodeHall(envelope('DanceHallGeocoded', id, 2, data))).toMatchObject({ reason: 'invalid-data' });
    });

    it('dead-letters a country that is not ISO-3166 alpha-2 and a missing city', () => {
      expect(decodeHall(envelope('DanceHallCreated', id, 1, { name: 'Logen', city: 'Mora', country: 'SWE' }))).toMatchObject({ reason: 'invalid-data' });
      expect(decodeHall(envelope('DanceHallCreated', id, 1, { name: 'Logen' }))).toMatchObject({ reason: 'invalid-data' });
    });

    it('dead-letters an empty DanceHallUpdated', () => {
      expect(decodeHall(envelope('DanceHallUpdated', id, 2, {}))).toMatchObject({ reason: 'invalid-data' });
    });
  });
});
