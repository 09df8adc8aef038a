import { randomUUID } from 'node:crypto';
import { ProductProjection } from '../../src/projections/product.projection';
import { DanceHallProjection } from '../../src/projections/dance-hall.projection';
import { foldBatch, toStoredDocument } from '../../src/projector/fold-batch';
import { asEvent, envelope, productCreated } from '../support/events';
import { given } from '../support/given';

describe('ProductProjection', () => {
  const id = randomUUID();
  const created = productCreated(id, 1);

  it('creates the read model from ProductCreated', () => {
    given(ProductProjection).when(created).then(id, {
      productId: id,
      name: 'Dansskor Herr Classic',
      description: 'Läderskor för bugg och foxtrot',
      category: 'shoes',
      price: 899,
      currency: 'SEK',
      tags: ['bugg', 'foxtrot'],
      createdAt: created.occurredAt,
      updatedAt: created.occurredAt,
      version: 1,
    });
  });

  it('replaces present fields on update and keeps absent ones', () => {
    const update = envelope('ProductUpdated', id, 2, { name: 'Dansskor Herr Deluxe' });
    given(ProductProjection, created).when(update).then(id, expect.objectContaining({ name: 'Dansskor Herr Deluxe', category: 'shoes', tags: ['bugg', 'foxtrot'], createdAt: created.occurredAt, updatedAt: update.occurredAt, version: 2 }));
  });

  it('changes price and keeps the currency unless given', () => {
    given(ProductProjection, created)
      .when(envelope('ProductPriceChanged', id, 2, { newPrice: 799 }))
      .then(id, expect.objectContaining({ price: 799, currency: 'SEK', version: 2 }));
    given(ProductProjection, created)
      .when(envelope('ProductPriceChanged', id, 2, { newPrice: 80, currency: 'EUR' }))
      .then(id, expect.objectContaining({ price: 80, currency: 'EUR' }));
  });

  it('defaults tags to an empty list', () => {
    const e = productCreated(id, 1);
    delete (e.data as Record<string, unknown>).tags;
    given(ProductProjection).when(e).then(id, expect.objectContaining({ tags: [] }));
  });

  it('deletes, and only a newer ProductCreated brings it back', () => {
    const deleted = envelope('ProductDeleted', id, 2, {});
    given(ProductProjection, created).when(deleted).then(id, null);
    given(ProductProjection, created, deleted).when(envelope('ProductUpdated', id, 3, { name: 'Zombie' })).then(id, null);
    given(ProductProjection, created, deleted).when(productCreated(id, 1, { name: 'Zombie' })).then(id, null, 1);
    given(ProductProjection, created, deleted)
      .when(productCreated(id, 3, { name: 'Återkomsten' }))
      .then(id, expect.objectContaining({ name: 'Återkomsten', version: 3 }));
  });

  it('the same events twice change nothing and count as duplicates', () => {
    const history = [created, envelope('ProductPriceChanged', id, 2, { newPrice: 1 }), envelope('ProductUpdated', id, 3, { tags: ['vals'] })];
    const once = given(ProductProjection, ...history);
    once.when(...history).then(id, expect.objectContaining({ price: 1, tags: ['vals'], version: 3 }), 3);
  });

  it('applies an older event arriving after a newer one in version order', () => {
    given(ProductProjection, created, envelope('ProductPriceChanged', id, 3, { newPrice: 5 }))
      .when(envelope('ProductPriceChanged', id, 2, { newPrice: 999 }))
      .then(id, expect.objectContaining({ price: 5, version: 3 }), 0);
  });
});

describe('DanceHallProjection', () => {
  const id = randomUUID();
  const created = envelope('DanceHallCreated', id, 1, { name: 'Östersunds Folkets Park', city: 'Östersund', county: 'Jämtlands län' });

  it('defaults country to SE and has no location until geocoded', () => {
    given(DanceHallProjection).when(created).then(id, {
      danceHallId: id,
      name: 'Östersunds Folkets Park',
      city: 'Östersund',
      county: 'Jämtlands län',
      country: 'SE',
      createdAt: created.occurredAt,
      updatedAt: created.occurredAt,
      version: 1,
    });
  });

  it('stores the geocode as a geo point', () => {
    given(DanceHallProjection, created)
      .when(envelope('DanceHallGeocoded', id, 2, { latitude: 63.18, longitude: 14.64 }))
      .then(id, expect.objectContaining({ location: { lat: 63.18, lon: 14.64 }, version: 2 }));
  });

  it('updates only present fields and deletes to a tombstone', () => {
    given(DanceHallProjection, created)
      .when(envelope('DanceHallUpdated', id, 2, { street: 'Storgatan 1' }))
      .then(id, expect.objectContaining({ street: 'Storgatan 1', name: 'Östersunds Folkets Park', county: 'Jämtlands län' }));
    given(DanceHallProjection, created).when(envelope('DanceHallDeleted', id, 2, {})).then(id, null);
  });
});

describe('foldBatch', () => {
  it('writes one document per aggregate with the last applied version, tombstones keeping the delete version', () => {
    const a = randomUUID();
    const b = randomUUID();
    const events = [productCreated(a, 1), productCreated(b, 1), envelope('ProductPriceChanged', a, 2, { newPrice: 3 }), envelope('ProductDeleted', b, 2, {})];
    const folded = foldBatch(ProductProjection, events.map((e, i) => ({ offset: 10 + i, event: asEvent(e) })), new Map());
    expect(folded.writes.map((w) => [w.id, w.current.version, toStoredDocument(ProductProjection, w.id, w.current).docKind, w.applied.map((x) => x.offset)])).toEqual([
      [a, 2, 'live', [10, 12]],
      [b, 2, 'tombstone', [11, 13]],
    ]);
    expect(toStoredDocument(ProductProjection, folded.writes[1].id, folded.writes[1].current)).toEqual({ docKind: 'tombstone', productId: b, version: 2, updatedAt: events[3].occurredAt });
  });
});
