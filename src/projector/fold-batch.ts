import { DomainEvent } from '../events/envelope';
import { DocKind } from '../indices/index-names';
import { Projection, ReadModelDocument } from '../projections/projection';
import { StoredDocument } from '../search-engine/search-engine.port';

/** What an index holds for one aggregate: its state (null once deleted) and the version that made it. */
export interface CurrentDocument {
  state: ReadModelDocument | null;
  version: number;
}

export interface PositionedEvent {
  offset: number;
  event: DomainEvent;
}

/** Where an applied event came from: enough to count it and to find its source message again. */
export interface AppliedEvent {
  offset: number;
  type: string;
}

/** One document write a batch comes down to, with the events that produced it. */
export interface DocumentWrite {
  id: string;
  version: number;
  /** The state the document now has, as the fold sees it (null: deleted). */
  state: ReadModelDocument | null;
  document: Record<string, unknown>;
  applied: AppliedEvent[];
}

export interface FoldedBatch {
  writes: DocumentWrite[];
  duplicates: PositionedEvent[];
}

export function currentFromStored(stored: StoredDocument | undefined): CurrentDocument | undefined {
  if (!stored) return undefined;
  const { docKind, checkpoint: _ignored, ...fields } = stored.source;
  return { version: stored.version, state: docKind === DocKind.live ? (fields as unknown as ReadModelDocument) : null };
}

/** The stored form of a state: the document itself, or a tombstone that keeps the delete's version. */
export function toStoredDocument(projection: Projection, id: string, state: ReadModelDocument | null, event: DomainEvent) {
  if (state) return { docKind: DocKind.live, ...state };
  return { docKind: DocKind.tombstone, [projection.idField]: id, updatedAt: event.occurredAt, version: event.aggregateVersion };
}

/**
 * Folds one partition's batch over the current documents: per document, events at or below the stored
 * version are duplicates; the rest go through evolve() in log order and end as a single write carrying
 * the last applied version. Pure, so "the same events twice change nothing" is a unit test.
 */
export function foldBatch(
  projection: Projection,
  events: PositionedEvent[],
  current: Map<string, CurrentDocument>,
): FoldedBatch {
  const byDocument = new Map<string, PositionedEvent[]>();
  for (const e of events) {
    const id = projection.documentId(e.event);
    const list = byDocument.get(id);
    if (list) list.push(e);
    else byDocument.set(id, [e]);
  }
  const writes: DocumentWrite[] = [];
  const duplicates: PositionedEvent[] = [];
  for (const [id, docEvents] of byDocument) {
    let { state, version } = current.get(id) ?? { state: null, version: 0 };
    const applied: AppliedEvent[] = [];
    let last: DomainEvent | undefined;
    for (const e of docEvents) {
      if (e.event.aggregateVersion <= version) {
        duplicates.push(e);
        continue;
      }
      state = projection.evolve(state, e.event);
      version = e.event.aggregateVersion;
      last = e.event;
      applied.push({ offset: e.offset, type: e.event.type });
    }
    if (last) writes.push({ id, version, state, document: toStoredDocument(projection, id, state, last), applied });
  }
  return { writes, duplicates };
}
