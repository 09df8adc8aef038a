import { Projection } from '../projections/projection';
import { BulkItemResult, BulkOperation, SearchEngine } from '../search-engine/search-engine.port';
import { SearchEngineError } from '../search-engine/search-engine.error';
import { countByType, ProjectionObserver } from './projection-observer';
import { DeadLetterLedger } from './dead-letter-ledger';
import { CheckpointStore } from './checkpoint-store';
import { AppliedEvent, DocumentWrite, foldBatch, PositionedEvent } from './fold-batch';
import { documentOperation } from './document-operation';
import { feedName } from '../join/feeds';
import { readDocuments } from './read-documents';
import { PartitionBuffer } from './partition-buffer';
import { BulkQueue } from '../search-engine/bulk-queue';
import { Attempt } from './batch-retry';

/** An event whose document the engine refused (a mapping it breaks), with the engine's reason. */
export interface RejectedEvent {
  event: AppliedEvent;
  reason: string;
}

export interface FlushOutcome {
  applied: number;
  conflicts: number;
  rejected: RejectedEvent[];
  /** Set when the flush could not be completed here and that stretch must be redone batch by batch. */
  rewindTo?: number;
}

export interface FlushTarget {
  projection: Projection;
  index: string;
  topic: string;
  partition: number;
  /** The events of the batch that triggered the flush, for re-folding a document another writer changed. */
  events: PositionedEvent[];
  /** The partition's dead letters past its checkpoint: their floor goes into the checkpoint. */
  letters?: DeadLetterLedger;
}

// A document changed under us again and again: the batch is redone from its first offset.
const MAX_REFOLDS = 3;
// Documents per bulk request: a flush of a whole write-behind buffer goes as several requests of a few MB,
// so neither the service nor the engine holds one huge body.
const MAX_BULK_DOCUMENTS = 2000;

/** Stores what a partition buffer holds, and the checkpoint that covers it, never the checkpoint first. */
export class DocumentWriter {
  /** Shared by every partition and projection this writer serves: their small bulks go together. */
  private readonly queue: BulkQueue;

  constructor(
    private readonly engine: SearchEngine,
    private readonly checkpoints: CheckpointStore,
    private readonly observer: ProjectionObserver,
  ) {
    this.queue = new BulkQueue(engine);
  }

  /**
   * Documents first; then, once every document is stored and the dead letters of those the engine refused
   * are published (`beforeCheckpoint`), the checkpoint. A crash anywhere leaves the checkpoint before what is
   * not yet stored or reported, so nothing is lost and the redo adds nothing twice. A buffer of several
   * batches (write-behind) no longer has its source messages, so a rejection or a conflict rewinds to redo
   * that stretch batch by batch; a batch of its own re-folds a document another writer changed (a gap
   * resolved meanwhile) over what the index now holds.
   */
  async flush(t: FlushTarget, buffer: PartitionBuffer, deferred: boolean, attempt: Attempt, beforeCheckpoint?: (rejected: RejectedEvent[]) => Promise<void>): Promise<FlushOutcome> {
    let writes: DocumentWrite[] = [...buffer.pending.values()];
    const outcome: FlushOutcome = { applied: 0, conflicts: 0, rejected: [] };
    const written: string[] = [];
    const notStored: string[] = [];
    for (let round = 0; writes.length > 0; round++) {
      const documents = writes.map((w) => documentOperation(t.projection, t.index, w.id, w.current));
      const items = await this.bulkInChunks(t.projection, documents, attempt);
      const conflicted = this.sort(t.projection, writes, items, outcome, written, notStored);
      const unsettled = conflicted.length > 0 && (deferred || round === MAX_REFOLDS);
      if (unsettled || (deferred && outcome.rejected.length > 0)) {
        const rewindTo = buffer.pendingFrom;
        buffer.discard(written);
        return { applied: 0, conflicts: 0, rejected: [], rewindTo };
      }
      // Conflicted documents are forgotten by the buffer, so their next batch reads them from the index.
      notStored.push(...conflicted.map((w) => w.id));
      writes = await this.refold(t, conflicted, outcome, attempt);
    }
    await beforeCheckpoint?.(outcome.rejected);
    // Taken now: the dead letters just published raised the floor it carries.
    const checkpoint = this.checkpoints.toOperation(t.index, t.topic, t.partition, buffer.pendingThrough, t.letters?.floorAsRecord());
    await attempt('bulk', () => this.bulk(t.projection, [checkpoint]));
    for (const [type, n] of buffer.carriedApplied) this.observer.eventsCounted(feedName(t.projection), type, 'applied', n);
    outcome.applied += [...buffer.carriedApplied.values()].reduce((a, b) => a + b, 0);
    t.letters?.passed(buffer.pendingThrough);
    buffer.markFlushed(written, notStored);
    return outcome;
  }

  /** Sorts bulk results: written ones counted, rejected ones listed for dead-lettering, conflicts returned. */
  private sort(projection: Projection, writes: DocumentWrite[], items: BulkItemResult[], outcome: FlushOutcome, written: string[], notStored: string[]): DocumentWrite[] {
    const conflicted: DocumentWrite[] = [];
    const applied: AppliedEvent[] = [];
    writes.forEach((write, i) => {
      const item = items[i];
      if (item.outcome === 'written') {
        written.push(write.id);
        applied.push(...write.applied);
      } else if (item.outcome === 'version-conflict') {
        conflicted.push(write);
      } else {
        // Not stored: forgotten by the buffer below, so the next event of this document reads the index.
        notStored.push(write.id);
        const carried = new Map([...write.parked, ...write.applied].map((e) => [e.offset, e]));
        outcome.rejected.push(...[...carried.values()].map((event) => ({ event, reason: `${item.error?.type}: ${item.error?.reason}` })));
      }
    });
    countByType(this.observer, feedName(projection), applied.map((e) => e.type), 'applied');
    outcome.applied += applied.length;
    return conflicted;
  }

  /** The batch's events of documents another writer changed, folded again over what the index now holds. */
  private async refold(t: FlushTarget, conflicted: DocumentWrite[], outcome: FlushOutcome, attempt: Attempt): Promise<DocumentWrite[]> {
    const current = await attempt('mget', () => readDocuments(this.engine, t.index, conflicted.map((w) => w.id)));
    const mine = new Set(conflicted.flatMap((w) => [...w.applied, ...w.parked].map((e) => e.offset)));
    const folded = foldBatch(t.projection, t.events.filter((e) => mine.has(e.offset)), current);
    // What the index already holds counts as a duplicate, as a conflict always did.
    outcome.conflicts += folded.duplicates.length;
    return folded.writes;
  }

  private async bulkInChunks(projection: Projection, operations: BulkOperation[], attempt: Attempt): Promise<BulkItemResult[]> {
    const items: BulkItemResult[] = [];
    for (let i = 0; i < operations.length; i += MAX_BULK_DOCUMENTS) {
      items.push(...(await attempt('bulk', () => this.bulk(projection, operations.slice(i, i + MAX_BULK_DOCUMENTS)))));
    }
    return items;
  }

  private async bulk(projection: Projection, operations: BulkOperation[]): Promise<BulkItemResult[]> {
    const started = process.hrtime.bigint();
    const items = await this.queue.send(operations);
    const overloaded = items.find((i) => i.outcome === 'retriable');
    if (overloaded) {
      throw new SearchEngineError(`bulk item ${overloaded.id}: ${overloaded.status} ${overloaded.error?.reason}`, true, overloaded.status);
    }
    this.observer.bulkTimed(feedName(projection), Number(process.hrtime.bigint() - started) / 1e9);
    return items;
  }
}
