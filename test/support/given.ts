import { DomainEvent } from '../../src/events/envelope';
import { Projection } from '../../src/projections/projection';
import { currentFromStored, CurrentDocument, foldBatch, FoldedBatch, toStoredDocument } from '../../src/projector/fold-batch';

/**
 * given(projection, ...history).when(...events).then(id, document): folds like the projector does, batch by
 * batch, through the stored form and back (as documents are read from the index between batches).
 */
export function given(projection: Projection, ...history: DomainEvent[]) {
  const current = new Map<string, CurrentDocument>();
  let offset = 0;
  const apply = (events: DomainEvent[]): FoldedBatch => {
    const folded = foldBatch(projection, events.map((event) => ({ offset: offset++, event })), current);
    for (const w of folded.writes) current.set(w.id, currentFromStored({ id: w.id, version: w.version, source: toStoredDocument(projection, w.id, w.current) })!);
    return folded;
  };
  apply(history);
  return {
    /** The state of every document folded so far (null: deleted). */
    states: () => new Map([...current].map(([id, doc]) => [id, doc.state])),
    when: (...events: DomainEvent[]) => {
      const folded = apply(events);
      return {
        folded,
        then: (id: string, expected: Record<string, unknown> | null, duplicates = 0) => {
          expect(current.get(id)?.state ?? null).toEqual(expected);
          expect(folded.duplicates).toHaveLength(duplicates);
        },
      };
    },
  };
}
