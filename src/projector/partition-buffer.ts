import { CurrentDocument, DocumentWrite } from './fold-batch';

/** Limits of what one partition may fold before it must store it (write-behind while catching up). */
export interface WriteBehindLimits {
  maxDocuments: number;
  maxBytes: number;
  maxMs: number;
  /** Clean states a partition keeps once it is caught up: those of the aggregates that changed last. */
  caughtUpDocuments: number;
}

/** When a partition folds many batches before storing them: while its lag is above `minLag`, within limits. */
export interface WriteBehindSettings extends WriteBehindLimits {
  minLag: number;
  /** How many partitions of a projection may fold write-behind at once (0: all); the others wait their turn. */
  partitions: number;
}

// Past this many ids, remembering which documents exist costs more than asking the engine.
const MAX_TRACKED_IDS = 500_000;

/**
 * What one partition of one index has folded but not yet stored, and the document states it knows.
 * Invariant: `pendingThrough` (the checkpoint the next flush stores) covers only events whose documents
 * are in `pending`, or already stored; a flush writes every pending document before that checkpoint.
 */
export class PartitionBuffer {
  /** Known states, clean or pending, oldest first (a Map keeps insertion order). */
  private readonly known = new Map<string, CurrentDocument>();
  /** Documents folded and not yet stored; only the last batch's writes keep their event lists. */
  readonly pending = new Map<string, DocumentWrite>();
  /**
   * Applied events of earlier batches still waiting, by type. Their per-event lists are dropped when the next
   * batch comes (a deferred flush that fails rewinds instead of dead-lettering), so a large buffer holds
   * states, not events.
   */
  readonly carriedApplied = new Map<string, number>();
  private lastWrites: DocumentWrite[] = [];
  /** First and last offset folded into `pending`; -1 when nothing waits. */
  pendingFrom = -1;
  pendingThrough = -1;
  pendingBytes = 0;
  pendingSince = 0;
  /**
   * Whether the last batch came while the partition was far behind. Once caught up, the states a replay
   * gathered (every aggregate of the partition) are dropped down to the last few: kept, they made every
   * later collection of the service's heap slower, under search load too.
   */
  catchingUp = true;
  /**
   * Ids that may exist in the index, when this partition was replayed from offset zero into an index with
   * no checkpoint for it: every other id is known to be absent, so it need not be read. Null: unknown.
   */
  private stored: Set<string> | null;

  constructor(
    private readonly limits: WriteBehindLimits,
    replayFromZero: boolean,
  ) {
    this.stored = replayFromZero ? new Set() : null;
  }

  /** The known state of a document, or undefined when it must be read from the index. */
  lookup(id: string): CurrentDocument | 'absent' | undefined {
    const doc = this.known.get(id);
    if (doc) return doc;
    if (this.stored && !this.stored.has(id)) return 'absent';
    return undefined;
  }

  remember(id: string, doc: CurrentDocument): void {
    this.known.delete(id);
    this.known.set(id, doc);
  }

  /** Adds one batch's folded writes to what waits, merging with what an earlier batch left for the same id. */
  add(writes: DocumentWrite[], firstOffset: number, lastOffset: number, bytes: number): void {
    if (this.pendingThrough < 0) {
      this.pendingFrom = firstOffset;
      this.pendingSince = Date.now();
    }
    for (const w of this.lastWrites) {
      for (const a of w.applied) this.carriedApplied.set(a.type, (this.carriedApplied.get(a.type) ?? 0) + 1);
      w.applied = [];
      w.parked = [];
    }
    for (const w of writes) {
      this.pending.set(w.id, w);
      this.remember(w.id, w.current);
    }
    this.lastWrites = writes;
    this.pendingThrough = lastOffset;
    this.pendingBytes += bytes;
  }

  /** True when what waits has reached a limit and must be stored now, whatever the lag. */
  full(now = Date.now()): boolean {
    return (
      this.pendingThrough >= 0 &&
      (this.pending.size >= this.limits.maxDocuments || this.pendingBytes >= this.limits.maxBytes || now - this.pendingSince >= this.limits.maxMs)
    );
  }

  /** After a flush: stored ids are remembered as existing, the rest forgotten so they are read again. */
  markFlushed(written: string[], notStored: string[]): void {
    for (const id of written) this.stored?.add(id);
    if (this.stored && this.stored.size > MAX_TRACKED_IDS) this.stored = null;
    for (const id of notStored) this.known.delete(id);
    this.pending.clear();
    this.carriedApplied.clear();
    this.lastWrites = [];
    this.pendingFrom = -1;
    this.pendingThrough = -1;
    this.pendingBytes = 0;
    this.evict();
  }

  /** After a flush that must be redone batch by batch: nothing is pending and every state is read again. */
  discard(written: string[]): void {
    this.markFlushed(written, []);
    this.known.clear();
  }

  /**
   * Keeps at most so many clean states besides the pending ones, dropping the least recently used. Once caught
   * up it also lets go of the replay's stored ids: after the bench's 1.16M-event replay they were a quarter of
   * the service's live heap (52 MB, 40 MB without), marked by every full collection under search load, and
   * they only spare a read of a new aggregate, which a caught-up batch can afford.
   */
  private evict(): void {
    if (!this.catchingUp) this.stored = null;
    let excess = this.known.size - (this.catchingUp ? this.limits.maxDocuments : this.limits.caughtUpDocuments);
    for (const id of this.known.keys()) {
      if (excess <= 0) break;
      if (this.pending.has(id)) continue;
      this.known.delete(id);
      excess--;
    }
  }
}
