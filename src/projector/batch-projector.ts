import { IHeaders, KafkaMessage } from 'kafkajs';
import { decodeMessage } from '../events/decode-message';
import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { SearchEngineError } from '../search-engine/search-engine.error';
import { IndexerMetrics } from '../ops/metrics';
import { retry, RetryOptions } from '../shared/retry';
import { CheckpointStore } from './checkpoint-store';
import { DeadLetter, DeadLetterPublisher } from './dead-letter-publisher';
import { currentFromStored, CurrentDocument, foldBatch, PositionedEvent } from './fold-batch';

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>[];
}

export interface BatchResult {
  applied: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
  lastOffset: number;
}

/** Retry settings for one batch: how to report a retry and when to stop (shutdown, lost partition). */
export type BatchRetry = Pick<RetryOptions, 'shouldContinue' | 'initialDelayMs' | 'maxDelayMs'> & {
  onRetry?: (operation: string, err: unknown, attempt: number) => void;
};

/**
 * Projects one partition's batch into one physical index: decode, dead-letter the bad, load the touched
 * documents in one mget, fold, and write all documents and the partition's checkpoint in one bulk.
 * Outages are retried without end; nothing advances until the batch's effect is stored.
 */
export class BatchProjector {
  constructor(
    private readonly engine: SearchEngine,
    private readonly checkpoints: CheckpointStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: IndexerMetrics,
  ) {}

  async project(projection: Projection, index: string, batch: PartitionBatch, retryOptions: BatchRetry = {}): Promise<BatchResult> {
    const attempt = <T>(operation: string, fn: () => Promise<T>) =>
      retry(fn, {
        ...retryOptions,
        onRetry: (err, n) => {
          this.metrics.retries.inc({ projection: projection.name, operation });
          retryOptions.onRetry?.(operation, err, n);
        },
      });
    const { topic, partition, messages } = batch;
    const letters: DeadLetter[] = [];
    const events: PositionedEvent[] = [];
    const skippedTypes: string[] = [];
    const sourceOf = new Map<number, PartitionBatch['messages'][number]>();

    for (const message of messages) {
      const offset = Number(message.offset);
      const decoded = decodeMessage(message.key, message.value, projection.events);
      if (decoded.kind === 'event') {
        events.push({ offset, event: decoded.event });
        sourceOf.set(offset, message);
      } else if (decoded.kind === 'unknown-type') {
        skippedTypes.push(decoded.type);
      } else {
        letters.push(this.letter(projection, batch, message, decoded.reason, decoded.message));
      }
    }
    // Invalid messages go to the dead-letter topic before the checkpoint can pass them.
    await attempt('dead-letter', () => this.deadLetters.publish(letters));

    const lastOffset = Number(messages[messages.length - 1].offset);
    const ids = [...new Set(events.map((e) => projection.documentId(e.event)))];
    const stored = await attempt('mget', () => this.engine.mget(index, ids));
    const current = new Map<string, CurrentDocument>();
    for (const [id, doc] of stored) {
      const c = currentFromStored(doc);
      if (c) current.set(id, c);
    }
    const folded = foldBatch(projection, events, current);

    const operations = [
      ...folded.writes.map((w) => ({ index, id: w.id, document: w.document, externalVersion: w.version })),
      // Last, on a one-shard index: the checkpoint is stored only if the shard accepted the documents before it.
      this.checkpoints.toOperation(index, topic, partition, lastOffset),
    ];
    const started = process.hrtime.bigint();
    const results = await attempt('bulk', async () => {
      const items = await this.engine.bulk(operations);
      const overloaded = items.find((i) => i.outcome === 'retriable');
      if (overloaded) {
        throw new SearchEngineError(`bulk item ${overloaded.id}: ${overloaded.status} ${overloaded.error?.reason}`, true, overloaded.status);
      }
      return items;
    });
    this.metrics.bulkSeconds.observe({ projection: projection.name }, Number(process.hrtime.bigint() - started) / 1e9);

    let applied = 0;
    const duplicates = [...folded.duplicates];
    const rejected: DeadLetter[] = [];
    folded.writes.forEach((write, i) => {
      const item = results[i];
      if (item.outcome === 'written') {
        applied += write.applied.length;
        write.applied.forEach((e) => this.metrics.countEvent(projection.name, e.event.type, 'applied'));
      } else if (item.outcome === 'version-conflict') {
        // Another writer (a second instance during a rebalance, a rebuild's overlap) stored this version or a newer one.
        duplicates.push(...write.applied);
      } else {
        for (const e of write.applied) {
          const source = sourceOf.get(e.offset)!;
          rejected.push(this.letter(projection, batch, source, 'engine-rejected', `${item.error?.type}: ${item.error?.reason}`));
        }
      }
    });
    await attempt('dead-letter', () => this.deadLetters.publish(rejected));

    duplicates.forEach((e) => this.metrics.countEvent(projection.name, e.event.type, 'duplicate'));
    skippedTypes.forEach((type) => this.metrics.countEvent(projection.name, type, 'skipped'));
    [...letters, ...rejected].forEach((l) => this.metrics.countEvent(projection.name, l.errorCode, 'dead-lettered'));
    this.metrics.batchSize.observe({ projection: projection.name }, messages.length);
    this.metrics.checkpoint.set({ projection: projection.name, topic, partition: String(partition) }, lastOffset);

    return {
      applied,
      duplicates: duplicates.length,
      skipped: skippedTypes.length,
      deadLettered: letters.length + rejected.length,
      lastOffset,
    };
  }

  private letter(
    projection: Projection,
    batch: PartitionBatch,
    message: PartitionBatch['messages'][number],
    errorCode: string,
    errorMessage: string,
  ): DeadLetter {
    return {
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: toBuffer(message.key),
      value: toBuffer(message.value),
      headers: message.headers as IHeaders | undefined,
      errorCode,
      errorMessage,
      projection: projection.name,
    };
  }
}

const toBuffer = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v);
