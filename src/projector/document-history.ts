import { DomainEvent } from '../events/envelope';
import { Projection, ReadModelDocument } from '../projections/projection';

export interface PositionedEvent {
  offset: number;
  event: DomainEvent;
}

/** An event above a gap in its aggregate's versions, kept with the document until the gap closes. */
export type ParkedEvent = PositionedEvent;

// One shared, frozen empty list: a fold's lists start as it and are replaced by a list of one on their first
// item (a push onto [] would give each list room for seventeen, for every document of every batch).
const NONE: never[] = Object.freeze([]) as never[];

/** Shared by every document without a gap (most of them), so a large buffer holds no empty arrays. */
export const NO_PARKED: readonly ParkedEvent[] = NONE;

/** What an index holds for one aggregate: its state, the version applied last, and what waits. */
export interface CurrentDocument {
  /** null: deleted, or nothing applied yet. */
  state: ReadModelDocument | null;
  /** aggregateVersion of the last applied event; 0 when none was. */
  version: number;
  /** Events above a gap, by version, waiting for the missing ones. */
  parked: readonly ParkedEvent[];
  /** When the document's gap opened (while one is open). */
  gapSince?: string;
  /** occurredAt of the last applied event: a tombstone's updatedAt. */
  updatedAt?: string;
}

/** A gap that opened or closed in this batch, for the log. */
export interface GapChange {
  id: string;
  opened: boolean;
  version: number;
  waitingFor: number;
  parked: number;
}

/** Where an applied event came from: enough to count it and to dead-letter it again. */
export interface AppliedEvent {
  offset: number;
  type: string;
  /** Set for an event applied from the parked ones: its source message belongs to a batch long gone. */
  event?: DomainEvent;
}

export interface DocumentFold {
  next: CurrentDocument;
  changed: boolean;
  applied: AppliedEvent[];
  duplicates: PositionedEvent[];
  parked: PositionedEvent[];
  gap?: GapChange;
}

/**
 * Folds one aggregate's events, in the order they arrived, into its history so that they take effect in
 * version order: the next version is applied, then whatever parked events it unblocks; a version past a
 * gap is parked; a version already applied or parked is a duplicate. An event that makes nothing out of
 * nothing (an update before any create) is never applied as a delete: it waits, as a gap does.
 */
export function foldDocument(projection: Projection, id: string, start: CurrentDocument, events: PositionedEvent[], now: string): DocumentFold {
  // One literal shape, no spread or delete: a replay holds ~166,000 of these, and every batch makes new ones.
  const doc: CurrentDocument = { state: start.state, version: start.version, parked: start.parked, gapSince: start.gapSince, updatedAt: start.updatedAt };
  const fold: DocumentFold = { next: doc, changed: false, applied: NONE, duplicates: NONE, parked: NONE };
  for (const e of events) {
    const version = e.event.aggregateVersion;
    if (version <= doc.version || parkedAt(doc.parked, version)) {
      fold.duplicates = append(fold.duplicates, e);
      continue;
    }
    fold.changed = true;
    if (!applyNext(projection, doc, fold, e, false)) {
      const parked = ownParked(doc, start);
      const at = parked.findIndex((p) => p.event.aggregateVersion > version);
      parked.splice(at < 0 ? parked.length : at, 0, { offset: e.offset, event: e.event });
      fold.parked = append(fold.parked, e);
      continue;
    }
    while (doc.parked.length > 0 && applyNext(projection, doc, fold, doc.parked[0], true)) ownParked(doc, start).shift();
  }
  if (doc.parked.length === 0) {
    doc.parked = NO_PARKED;
    doc.gapSince = undefined;
  }
  else doc.gapSince ??= now;
  const wasOpen = start.parked.length > 0;
  const isOpen = doc.parked.length > 0;
  if (wasOpen !== isOpen) {
    fold.gap = { id, opened: isOpen, version: doc.version, waitingFor: doc.version + 1, parked: doc.parked.length };
  }
  return fold;
}

/** Applies `e` if it is the next version; false when it is not, or when it would make nothing out of nothing. */
function applyNext(projection: Projection, doc: CurrentDocument, fold: DocumentFold, e: PositionedEvent, fromParked: boolean): boolean {
  if (e.event.aggregateVersion !== doc.version + 1) return false;
  const next = projection.evolve(doc.state, e.event);
  if (next === null && doc.state === null && doc.version === 0) return false;
  doc.state = next;
  doc.version = e.event.aggregateVersion;
  doc.updatedAt = e.event.occurredAt;
  const applied: AppliedEvent = fromParked ? { offset: e.offset, type: e.event.type, event: e.event } : { offset: e.offset, type: e.event.type };
  fold.applied = append(fold.applied, applied);
  return true;
}

const append = <T>(list: T[], item: T): T[] => (list.length === 0 ? [item] : (list.push(item), list));

const parkedAt = (parked: readonly ParkedEvent[], version: number): boolean => {
  for (const p of parked) if (p.event.aggregateVersion === version) return true;
  return false;
};

/** The fold's own copy of the parked events, made on the first change only: most documents never have a gap. */
const ownParked = (doc: CurrentDocument, start: CurrentDocument): ParkedEvent[] =>
  (doc.parked === start.parked ? (doc.parked = [...start.parked]) : doc.parked) as ParkedEvent[];

/**
 * Gives up waiting: applies the parked events in version order over the gap, as a gap policy or an operator
 * decides. An event that would make nothing out of nothing is still not applied as a delete. A missing
 * version that arrives afterwards is a duplicate, since the document has moved past it.
 */
export function applyParked(projection: Projection, start: CurrentDocument): { next: CurrentDocument; applied: number[]; skipped: number[] } {
  const next: CurrentDocument = { ...start, parked: NO_PARKED };
  delete next.gapSince;
  const applied: number[] = [];
  const skipped: number[] = [];
  for (const p of start.parked) {
    const state = projection.evolve(next.state, p.event);
    if (state === null && next.state === null) {
      skipped.push(p.event.aggregateVersion);
      continue;
    }
    Object.assign(next, { state, version: p.event.aggregateVersion, updatedAt: p.event.occurredAt });
    applied.push(p.event.aggregateVersion);
  }
  return { next, applied, skipped };
}
