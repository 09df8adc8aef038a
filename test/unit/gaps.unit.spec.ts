import { randomUUID } from 'node:crypto';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { SeededRandom } from '../../src/demo/random';
import { ProductProjection } from '../../src/projections/product.projection';
import { currentFromStored, CurrentDocument, foldBatch, PositionedEvent, toStoredDocument } from '../../src/projector/fold-batch';
import { asEvent, envelope, productCreated } from '../support/events';
import { applyParked } from '../../src/projector/document-history';

/** Folds batches like the projector does, each write read back from its stored form. */
function project(batches: PositionedEvent[][]) {
  const current = new Map<string, CurrentDocument>();
  const stored = new Map<string, Record<string, unknown>>();
  const folds = batches.map((events) => {
    const folded = foldBatch(ProductProjection, events, current, '2026-11-22T12:00:00.000Z');
    for (const w of folded.writes) {
      const document = toStoredDocument(ProductProjection, w.id, w.current);
      stored.set(w.id, document);
      current.set(w.id, currentFromStored({ id: w.id, version: w.version, source: document })!);
    }
    return folded;
  });
  return { current, stored, folds };
}

const at = (offset: number, e: ReturnType<typeof envelope>): PositionedEvent => ({ offset, event: asEvent(e) });

describe('events of one aggregate out of order (gaps)', () => {
  const id = randomUUID();
  const created = productCreated(id, 1);
  const v2 = envelope('ProductPriceChanged', id, 2, { newPrice: 10 });
  const v3 = envelope('ProductUpdated', id, 3, { name: 'Tangosko Satin' });

  it('parks an update that arrives before its create instead of writing a tombstone, and applies both when the create comes', () => {
    const first = project([[at(0, v2)]]);
    expect(first.stored.get(id)).toMatchObject({ docKind: 'pending', version: 0, gapSince: '2026-11-22T12:00:00.000Z' });
    expect(first.folds[0].gaps).toEqual([{ id, opened: true, version: 0, waitingFor: 1, parked: 1 }]);
    const both = project([[at(0, v2)], [at(1, created)]]);
    expect(both.stored.get(id)).toMatchObject({ docKind: 'live', price: 10, version: 2 });
    expect(both.stored.get(id)).not.toHaveProperty('parked');
    expect(both.folds[1].gaps).toEqual([{ id, opened: false, version: 2, waitingFor: 3, parked: 0 }]);
  });

  it('ends in the in-order state whatever order the versions arrive in, within a batch or across batches', () => {
    const inOrder = project([[at(0, created), at(1, v2), at(2, v3)]]).stored.get(id);
    for (const order of [[v3, v2, created], [v2, created, v3], [created, v3, v2]]) {
      expect(project([order.map((e, i) => at(i, e))]).stored.get(id)).toEqual(inOrder);
      expect(project(order.map((e, i) => [at(i, e)])).stored.get(id)).toEqual(inOrder);
    }
  });

  it('keeps a gap that never closes visible, the document at its last applied version and nothing invented', () => {
    const { stored, folds } = project([[at(0, created), at(1, v3)]]);
    expect(stored.get(id)).toMatchObject({ docKind: 'live', version: 1, name: 'Dansskor Herr Classic', gapSince: '2026-11-22T12:00:00.000Z' });
    expect((stored.get(id)!.parked as PositionedEvent[]).map((p) => p.event.aggregateVersion)).toEqual([3]);
    expect(folds[0].parked).toHaveLength(1);
  });

  it('counts a redelivered parked event as a duplicate', () => {
    const { folds } = project([[at(0, created), at(1, v3)], [at(2, v3)]]);
    expect(folds[1].duplicates).toHaveLength(1);
    expect(folds[1].writes).toHaveLength(0);
  });

  it('never turns a deleted document back into a live one through a parked event', () => {
    const deleted = envelope('ProductDeleted', id, 2, {});
    const { stored } = project([[at(0, created), at(1, v3)], [at(2, deleted)]]);
    expect(stored.get(id)).toMatchObject({ docKind: 'tombstone', version: 3 });
  });

  it('stores a higher external version for every change along the log, so a writer further along always wins', () => {
    const versions = project([[at(0, v3)], [at(1, v2)], [at(2, created)]]).folds.map((f) => f.writes[0].version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(3);
  });

  it('folds a generated stream shuffled within windows (and split into batches) to the in-order fold, document by document', () => {
    const stream = generateEventStream({ seed: 3, products: 200, danceHalls: 0, maxChangesPerAggregate: 8 });
    const events = stream.events.map((e, i): PositionedEvent => ({ offset: i, event: e.envelope }));
    const rnd = new SeededRandom(5);
    const shuffled = [...events];
    for (let i = 0; i < shuffled.length; i += 40) {
      const window = shuffled.slice(i, i + 40);
      for (let j = window.length - 1; j > 0; j--) {
        const k = Math.floor(rnd.next() * (j + 1));
        [window[j], window[k]] = [window[k], window[j]];
      }
      shuffled.splice(i, window.length, ...window);
    }
    const batches = Array.from({ length: Math.ceil(shuffled.length / 25) }, (_, b) => shuffled.slice(b * 25, b * 25 + 25));
    const { stored } = project(batches);
    for (const [id, want] of stream.expected.products) {
      const have = stored.get(id)!;
      if (want === null) expect(have.docKind).toBe('tombstone');
      else expect(have).toEqual({ docKind: 'live', ...want });
    }
  });
});

describe('applyParked (giving up on a gap)', () => {
  const id = randomUUID();
  it('applies the parked versions over the missing one, and applies nothing without a first event', () => {
    const created = productCreated(id, 1);
    const v3 = envelope('ProductUpdated', id, 3, { name: 'Tangosko Satin' });
    const v4 = envelope('ProductPriceChanged', id, 4, { newPrice: 7 });
    const { current } = project([[at(0, created), at(1, v4), at(2, v3)]]);
    const { next, applied, skipped } = applyParked(ProductProjection, current.get(id)!);
    expect({ applied, skipped, parked: next.parked.length, gapSince: next.gapSince }).toEqual({ applied: [3, 4], skipped: [], parked: 0, gapSince: undefined });
    expect(next.state).toMatchObject({ name: 'Tangosko Satin', price: 7, version: 4 });
    const orphan = project([[at(0, v3)]]).current.get(id)!;
    expect(applyParked(ProductProjection, orphan)).toMatchObject({ applied: [], skipped: [3] });
  });
});
