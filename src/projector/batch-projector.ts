import { Projection } from '../projections/projection';
import { BulkItemResult, IndexOperation, SearchEngine } from '../search-engine/search-engine.port';
import { SearchEngineError } from '../search-engine/search-engine.error';
import { IndexerMetrics } from '../ops/metrics';
import { retry, RetryOptions } from '../shared/retry';
import { CheckpointStore } from './checkpoint-store';
import { deadLetterOf, DeadLetterPublisher, SourceMessage } from './dead-letter-publisher';
import { decodeBatch } from './decode-batch';
import { AppliedEvent, currentFromStored, CurrentDocument, foldBatch, GapChange, PositionedEvent } from './fold-batch';
import { PartitionBuffer } from './partition-buffer';
import { PartitionBatch } from './decode-batch';

export type { PartitionBatch } from './decode-batch';

export interface BatchResult {
  applied: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
  lastOffset: number;
  /** The checkpoint this batch stored, when it flushed; undefined while its writes wait (write-behind). */
  flushedThrough?: number;
  /** A deferred flush met a document the engine rejects: redo from this offset, batch by batch. */
  rewindTo?: number;
  /** Events parked above a gap in their aggregate's versions. */
  parked: number;
  /** Gaps this batch opened or closed. */
  gaps: GapChange[];
}

/** Retry settings for one batch: how to report a retry and when to stop (shutdown, lost partition). */
export type BatchRetry = Pick<RetryOptions, 'shouldContinue' | 'initialDelayMs' | 'maxDelayMs'> & {
  onRetry?: (operation: string, err: unknown, attempt: number) => void;
};

export interface BatchOptions {
  /** Fold into the buffer and store later (catching up), unless the buffer is full. */
  writeBehind: boolean;
  retry?: BatchRetry;
}

type Attempt = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

interface FlushOutcome {
  applied: number;
  conflicts: number;
  rejected: { event: AppliedEvent; reason: string }[];
  rewindTo?: number;
}

/**
 * Projects one partition's batch into one physical index: decode, dead-letter the bad, fold over the known
 * or loaded documents, and store the documents and the partition's checkpoint: at once when caught up, or
 * for many batches together while catching up, so a replay writes each document about once.
 * Outages are retried without end; nothing advances until the batch's effect is stored.
 */
export class BatchProjector {
  constructor(
    private readonly engine: SearchEngine,
    private readonly checkpoints: CheckpointStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: IndexerMetrics,
  ) {}

  async project(projection: Projection, index: string, batch: PartitionBatch, buffer: PartitionBuffer, options: BatchOptions): Promise<BatchResult> {
    const attempt = this.attempt(projection, options.retry ?? {});
    const { topic, partition, messages } = batch;
    const origin = { topic, partition, projection: projection.name };
    const { events, letters, sourceOf, skippedTypes, bytes } = decodeBatch(projection, batch);
    const skipped = skippedTypes.length;
    this.metrics.countEvents(projection.name, skippedTypes.map((type) => ({ type })), 'skipped');
    // Invalid messages go to the dead-letter topic before any checkpoint can pass them.
    await attempt('dead-letter', () => this.deadLetters.publish(letters));

    const current = await attempt('mget', () => this.load(projection, index, buffer, events));
    const folded = foldBatch(projection, events, current);
    const olderWaiting = buffer.pendingThrough >= 0;
    const lastOffset = Number(messages[messages.length - 1].offset);
    buffer.add(folded.writes, Number(messages[0].offset), lastOffset, bytes);
    this.metrics.countEvents(projection.name, folded.duplicates.map((e) => e.event), 'duplicate');
    this.metrics.countEvents(projection.name, folded.parked.map((e) => e.event), 'parked');
    this.metrics.batchSize.observe({ projection: projection.name }, messages.length);
    const result: BatchResult = { applied: 0, duplicates: folded.duplicates.length, skipped, deadLettered: letters.length, lastOffset, parked: folded.parked.length, gaps: folded.gaps };
    if (options.writeBehind && !buffer.full()) return result;

    const flushed = await this.flush(projection, index, batch, buffer, olderWaiting, attempt);
    if (flushed.rewindTo !== undefined) return { ...result, rewindTo: flushed.rewindTo };
    const rejected = flushed.rejected.map((r) => deadLetterOf(origin, sourceOf.get(r.event.offset) ?? reserialised(r.event), 'engine-rejected', r.reason));
    await attempt('dead-letter', () => this.deadLetters.publish(rejected));
    [...letters, ...rejected].forEach((l) => this.metrics.countEvent(projection.name, l.errorCode, 'dead-lettered'));
    this.metrics.checkpoint.set({ projection: projection.name, topic, partition: String(partition) }, lastOffset);
    return {
      ...result,
      applied: flushed.applied,
      duplicates: result.duplicates + flushed.conflicts,
      deadLettered: letters.length + rejected.length,
      flushedThrough: lastOffset,
    };
  }

  /** Current documents of the batch's ids: from the buffer where it knows them, else one mget. */
  private async load(projection: Projection, index: string, buffer: PartitionBuffer, events: PositionedEvent[]): Promise<Map<string, CurrentDocument>> {
    const current = new Map<string, CurrentDocument>();
    const unknown: string[] = [];
    for (const id of new Set(events.map((e) => projection.documentId(e.event)))) {
      const known = buffer.lookup(id);
      if (known === undefined) unknown.push(id);
      else if (known !== 'absent') current.set(id, known);
    }
    if (unknown.length === 0) return current;
    for (const [id, doc] of await this.engine.mget(index, unknown)) {
      const c = currentFromStored(doc);
      if (c) {
        current.set(id, c);
        buffer.remember(id, c);
      }
    }
    return current;
  }

  /**
   * Stores what the buffer holds. A buffer of this batch alone goes in one bulk with the checkpoint last
   * (one shard: the checkpoint is stored only after the documents before it). A buffer of several batches
   * stores its documents first and the checkpoint after, only if none was rejected: the source messages of
   * older batches are gone, so a rejection rewinds to redo that stretch batch by batch, with them at hand.
   */
  private async flush(projection: Projection, index: string, batch: PartitionBatch, buffer: PartitionBuffer, deferred: boolean, attempt: Attempt): Promise<FlushOutcome> {
    const writes = [...buffer.pending.values()];
    const documents: IndexOperation[] = writes.map((w) => ({ index, id: w.id, document: w.document, externalVersion: w.version }));
    const checkpoint = this.checkpoints.toOperation(index, batch.topic, batch.partition, buffer.pendingThrough);
    const bulk = (operations: IndexOperation[]) => attempt('bulk', () => this.bulk(projection, operations));
    const items = await bulk(deferred ? documents : [...documents, checkpoint]);

    const written: string[] = [];
    const notStored: string[] = [];
    const outcome: Omit<FlushOutcome, 'applied'> = { conflicts: 0, rejected: [] };
    const applied: { type: string }[] = [];
    writes.forEach((write, i) => {
      const item = items[i];
      if (item.outcome === 'written') {
        written.push(write.id);
        applied.push(...write.applied);
        return;
      }
      notStored.push(write.id);
      // A conflict: another writer (a rebalance's overlap, a rebuild) stored this version or a newer one.
      if (item.outcome === 'version-conflict') outcome.conflicts += write.applied.length;
      else {
        const carried = new Map([...write.parked, ...write.applied].map((e) => [e.offset, e]));
        outcome.rejected.push(...[...carried.values()].map((event) => ({ event, reason: `${item.error?.type}: ${item.error?.reason}` })));
      }
    });
    if (deferred && outcome.rejected.length > 0) {
      const rewindTo = buffer.pendingFrom;
      buffer.discard(written);
      return { applied: 0, conflicts: 0, rejected: [], rewindTo };
    }
    if (deferred) await bulk([checkpoint]);
    buffer.markFlushed(written, notStored);
    this.metrics.countEvents(projection.name, applied, 'applied');
    return { ...outcome, applied: applied.length };
  }

  private async bulk(projection: Projection, operations: IndexOperation[]): Promise<BulkItemResult[]> {
    const started = process.hrtime.bigint();
    const items = await this.engine.bulk(operations);
    const overloaded = items.find((i) => i.outcome === 'retriable');
    if (overloaded) {
      throw new SearchEngineError(`bulk item ${overloaded.id}: ${overloaded.status} ${overloaded.error?.reason}`, true, overloaded.status);
    }
    this.metrics.bulkSeconds.observe({ projection: projection.name }, Number(process.hrtime.bigint() - started) / 1e9);
    return items;
  }

  private attempt(projection: Projection, options: BatchRetry): Attempt {
    return (operation, fn) =>
      retry(fn, {
        ...options,
        onRetry: (err, n) => {
          this.metrics.retries.inc({ projection: projection.name, operation });
          options.onRetry?.(operation, err, n);
        },
      });
  }
}

/**
 * A parked event applied batches after it arrived has no source message at hand; its dead letter carries the
 * event as it was parked (same fields, not the same bytes).
 */
const reserialised = (e: AppliedEvent): SourceMessage => ({ offset: String(e.offset), key: e.event?.aggregateId ?? null, value: JSON.stringify(e.event ?? null) });
