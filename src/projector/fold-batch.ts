import { DocKind } from '../indices/index-names';
import { Projection, ReadModelDocument } from '../projections/projection';
import { StoredDocument } from '../search-engine/search-engine.port';
import { AppliedEvent, CurrentDocument, foldDocument, GapChange, NO_PARKED, PositionedEvent } from './document-history';

export type { AppliedEvent, CurrentDocument, GapChange, ParkedEvent, PositionedEvent } from './document-history';

/** One document write a batch comes down to, with the events that produced it. */
export interface DocumentWrite {
  id: string;
  /** External version: grows with every change in log order (see storedVersion). */
  version: number;
  /** The document's history as the fold now sees it (its stored form is built when it is written). */
  current: CurrentDocument;
  applied: AppliedEvent[];
  /** Events this write parks (stores without applying); lost with it if the engine rejects it. */
  parked: AppliedEvent[];
  /** The document had or has an open gap: another writer (a gap resolution) may change it under us. */
  gap: boolean;
}

export interface FoldedBatch {
  writes: DocumentWrite[];
  duplicates: PositionedEvent[];
  parked: PositionedEvent[];
  gaps: GapChange[];
}

// Parked events per document stay far below this, so the applied version always dominates.
export const PARKED_SLOTS = 2 ** 20;

/**
 * The external version of a stored document: the applied version, then the number of parked events. Both
 * only grow along the log (parked events leave only when the applied version rises past them), so a writer
 * further along the partition always wins, and equal versions mean equal documents.
 */
export const storedVersion = (doc: CurrentDocument): number => doc.version * PARKED_SLOTS + doc.parked.length;

export const NO_DOCUMENT: CurrentDocument = { state: null, version: 0, parked: NO_PARKED };

/** Reads a stored document (live, tombstone or pending) back into its history; the version is the source's. */
export function currentFromStored(stored: StoredDocument | undefined): CurrentDocument | undefined {
  if (!stored) return undefined;
  // `refs` belong to a join's other writers: the fold never sees or writes them.
  const { docKind, checkpoint: _checkpoint, parked, gapSince, refs: _refs, ...fields } = stored.source;
  return {
    state: docKind === DocKind.live || docKind === DocKind.reference ? (fields as unknown as ReadModelDocument) : null,
    version: Number(fields.version ?? 0),
    parked: (parked as CurrentDocument['parked'] | undefined) ?? NO_PARKED,
    gapSince: gapSince as string | undefined,
    updatedAt: fields.updatedAt as string | undefined,
  };
}

/**
 * The stored form of a history: the document itself, a tombstone that keeps the delete's version, or (no
 * event applied yet, some parked) a pending record; the last two are hidden by the read alias.
 */
export function toStoredDocument(projection: Projection, id: string, doc: CurrentDocument): Record<string, unknown> {
  const gap = doc.parked.length > 0 ? { parked: doc.parked, gapSince: doc.gapSince } : {};
  // A join's reference documents hold live state too, but the read alias must not show them.
  if (doc.state) return { docKind: projection.feedOf ? DocKind.reference : DocKind.live, ...doc.state, ...gap };
  if (doc.version > 0) return { docKind: DocKind.tombstone, [projection.idField]: id, updatedAt: doc.updatedAt, version: doc.version, ...gap };
  return { docKind: DocKind.pending, [projection.idField]: id, version: 0, ...gap };
}

/**
 * Folds one partition's batch over the current documents: per document, in log order, duplicates are
 * dropped, the next version is applied, and a version past a gap is parked until the missing ones arrive.
 * Each changed document ends as a single write. Pure, so "the same events twice change nothing" and any
 * reordering are unit tests.
 */
export function foldBatch(projection: Projection, events: PositionedEvent[], current: Map<string, CurrentDocument>, now = new Date().toISOString()): FoldedBatch {
  const byDocument = new Map<string, PositionedEvent[]>();
  for (const e of events) {
    const id = projection.documentId(e.event);
    const list = byDocument.get(id);
    if (list) list.push(e);
    else byDocument.set(id, [e]);
  }
  const folded: FoldedBatch = { writes: [], duplicates: [], parked: [], gaps: [] };
  for (const [id, docEvents] of byDocument) {
    const start = current.get(id) ?? NO_DOCUMENT;
    const result = foldDocument(projection, id, start, docEvents, now);
    if (result.duplicates.length > 0) folded.duplicates.push(...result.duplicates);
    if (result.parked.length > 0) folded.parked.push(...result.parked);
    if (result.gap) folded.gaps.push(result.gap);
    if (!result.changed) continue;
    const parked: AppliedEvent[] = result.parked.map((a) => ({ offset: a.offset, type: a.event.type }));
    folded.writes.push({ id, version: storedVersion(result.next), current: result.next, applied: result.applied, parked, gap: start.parked.length > 0 || result.next.parked.length > 0 });
  }
  return folded;
}
