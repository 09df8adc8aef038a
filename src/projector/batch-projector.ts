import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { countByType, ProjectionObserver } from './projection-observer';
import { Attempt, attemptWith, BatchRetry } from './batch-retry';
import { CheckpointStore } from './checkpoint-store';
import { DeadLetter, deadLetterOf, DeadLetterPublisher, SourceMessage } from './dead-letter-publisher';
import { DeadLetterLedger } from './dead-letter-ledger';
import { failpoint } from '../shared/failpoint';
import { decodeBatch, PartitionBatch } from './decode-batch';
import { originOf } from './dead-letter-reader';
import { AppliedEvent, CurrentDocument, foldBatch, GapChange, PositionedEvent } from './fold-batch';
import { readDocuments } from './read-documents';
import { PartitionBuffer } from './partition-buffer';
import { DocumentWriter } from './document-writer';
import { feedName, isJoined } from '../join/feeds';
import { JoinWriter } from '../join/join-writer';

export type { PartitionBatch } from './decode-batch';
export type { BatchRetry } from './batch-retry';

export interface BatchResult {
  applied: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
  lastOffset: number;
  /** The checkpoint this batch stored, when it flushed; undefined while its writes wait (write-behind). */
  flushedThrough?: number;
  /** A flush could not complete (a rejected document, or one changed under us): redo from this offset, batch by batch. */
  rewindTo?: number;
  /** Events parked above a gap in their aggregate's versions. */
  parked: number;
  /** Gaps this batch opened or closed. */
  gaps: GapChange[];
}

export interface BatchOptions {
  /** Fold into the buffer and store later (catching up), unless the buffer is full. */
  writeBehind: boolean;
  retry?: BatchRetry;
  /** A rebuild's replay: the live projector dead-letters every bad message (it reads the same topic); this
   * one reports only engine rejections new to its index, those whose origin is not already dead-lettered. */
  rebuild?: { id: string; reported: ReadonlySet<string> };
  /** The partition's dead letters past its checkpoint (the live projector's; a rebuild has `reported`). */
  letters?: DeadLetterLedger;
}

/**
 * Projects one partition's batch into one physical index: decode, dead-letter the bad, fold over the known
 * or loaded documents, and store the documents, then the partition's checkpoint: for each batch when caught
 * up, or for many batches together while catching up, so a replay writes each document about once.
 * Outages are retried without end; nothing advances until the batch's effect is stored.
 */
export class BatchProjector {
  private readonly writer: DocumentWriter;
  private readonly joins: JoinWriter;

  constructor(
    private readonly engine: SearchEngine,
    checkpoints: CheckpointStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly observer: ProjectionObserver,
  ) {
    this.writer = new DocumentWriter(engine, checkpoints, observer);
    this.joins = new JoinWriter(engine);
  }

  async project(projection: Projection, index: string, batch: PartitionBatch, buffer: PartitionBuffer, options: BatchOptions): Promise<BatchResult> {
    const attempt = attemptWith(options.retry ?? {}, (operation) => this.observer.retried(feedName(projection), operation));
    // A join's documents are completed batch by batch, and a topic's bad messages are its owner's to report.
    const joined = isJoined(projection);
    const writeBehind = options.writeBehind && !joined;
    const ownsTopic = !projection.feedOf;
    const reports = ownsTopic && !options.rebuild;
    // Metrics name a join's feeds apart (`dance-events~hall`): the topic is its owner projection's to count.
    const label = feedName(projection);
    const { topic, partition, messages } = batch;
    const origin = { topic, partition, projection: projection.name };
    const { events, letters, sourceOf, skippedTypes, bytes } = decodeBatch(projection, batch);
    const skipped = skippedTypes.length;
    countByType(this.observer, label, skippedTypes, 'skipped');
    // Invalid messages go to the dead-letter topic before any checkpoint can pass them.
    const published = await this.publishOnce(reports ? letters : [], options.letters, attempt);
    if (published.length > 0) failpoint('after-dead-letters');

    const current = await attempt('mget', () => this.load(projection, index, buffer, events));
    const folded = foldBatch(projection, events, current);
    const olderWaiting = buffer.pendingThrough >= 0;
    buffer.catchingUp = Boolean(options.writeBehind);
    const lastOffset = Number(messages[messages.length - 1].offset);
    buffer.add(folded.writes, Number(messages[0].offset), lastOffset, bytes);
    countByType(this.observer, label, folded.duplicates.map((e) => e.event.type), 'duplicate');
    countByType(this.observer, label, folded.parked.map((e) => e.event.type), 'parked');
    this.observer.batchProjected(label, messages.length);
    const result: BatchResult = { applied: 0, duplicates: folded.duplicates.length, skipped, deadLettered: published.length, lastOffset, parked: folded.parked.length, gaps: folded.gaps };
    if (writeBehind && !buffer.full()) return result;

    let rejected: DeadLetter[] = [];
    // The engine's refusals are reported before the checkpoint that passes them is stored.
    const flushed = await this.writer.flush({ projection, index, topic, partition, events, letters: options.letters }, buffer, olderWaiting, attempt, async (refused) => {
      const letters = refused
        .map((r) => ({ ...deadLetterOf(origin, sourceOf(r.event.offset) ?? reserialised(r.event), 'engine-rejected', r.reason), rebuildId: options.rebuild?.id }))
        .filter((l) => ownsTopic && !options.rebuild?.reported.has(originOf(l)));
      if (letters.length > 0) failpoint('after-engine-refusal');
      rejected = await this.publishOnce(letters, options.letters, attempt);
      if (!joined) return;
      const ids = [...new Set(events.map((e) => projection.documentId(e.event)))];
      if (ids.length > 0) failpoint('before-join');
      await attempt('join', () => this.joins.afterStored(projection, index, ids));
    });
    if (flushed.rewindTo !== undefined) return { ...result, rewindTo: flushed.rewindTo };
    countByType(this.observer, label, [...published, ...rejected].map((l) => l.errorCode), 'dead-lettered');
    this.observer.checkpointStored(label, topic, partition, lastOffset);
    return {
      ...result,
      applied: flushed.applied,
      duplicates: result.duplicates + flushed.conflicts,
      deadLettered: published.length + rejected.length,
      flushedThrough: lastOffset,
    };
  }

  /**
   * Publishes the dead letters the partition's ledger does not hold yet, so a batch redone (after a crash, a
   * rebalance, a rewind) or a request retried adds none twice; returns those it published.
   */
  private async publishOnce(letters: DeadLetter[], ledger: DeadLetterLedger | undefined, attempt: Attempt): Promise<DeadLetter[]> {
    const fresh = ledger ? letters.filter((l) => !ledger.has(l.offset)) : letters;
    const unsent = () => (ledger ? fresh.filter((l) => !ledger.has(l.offset)) : fresh);
    await attempt('dead-letter', () => this.deadLetters.publish(unsent(), (sent, metadata) => ledger?.record(sent.map((l) => l.offset), metadata)));
    return fresh;
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
    for (const [id, known] of await readDocuments(this.engine, index, unknown)) {
      current.set(id, known);
      buffer.remember(id, known);
    }
    return current;
  }
}

/**
 * A parked event applied batches after it arrived has no source message at hand; its dead letter carries the
 * event as it was parked (same fields, not the same bytes).
 */
const reserialised = (e: AppliedEvent): SourceMessage => ({ offset: String(e.offset), key: e.event?.aggregateId ?? null, value: JSON.stringify(e.event ?? null) });
