import type { DeadLetterLedger } from './dead-letter-ledger';
import { PartitionBuffer } from './partition-buffer';

/** Where one partition stands in the current index and assignment. */
export interface PartitionCursor {
  /** Next offset to project, as the index (and the buffer) hold it. */
  next: number;
  /** Already sought back to the checkpoint in this assignment (gaps after it are real). */
  sought: boolean;
  /** What the partition has folded and not yet stored, and the documents it knows. */
  buffer?: PartitionBuffer;
  /** After a rewind: store every batch up to this offset at once, so dead letters have their source bytes. */
  preciseThrough?: number;
  /** The dead letters published past the checkpoint (the live projector's). */
  letters?: DeadLetterLedger;
}

/** What to do with a fetched batch, given the next offset the index expects for its partition. */
export type BatchPosition = { kind: 'seek'; to: number } | { kind: 'project'; from: number };

/**
 * A batch that starts past the index's checkpoint means the group's committed offset is ahead of what this
 * index holds (a fresh index after a cutover, a lost index, a crash before a deferred flush): go back, once
 * per assignment, since offsets may have real gaps (transaction markers) that would otherwise loop. Messages
 * below the next offset are already in the index (a commit lost after the bulk) and are skipped.
 */
export function positionBatch(firstOffset: number, next: number, alreadySought: boolean): BatchPosition {
  if (firstOffset > next && !alreadySought) return { kind: 'seek', to: next };
  return { kind: 'project', from: next };
}

/**
 * Write-behind while the partition is far behind its end, so a replay stores each document about once;
 * every batch stored at once near the end, so freshness comes first. A stretch being redone after a
 * rejected deferred flush is stored batch by batch, so its dead letters carry their source bytes.
 */
export function writesBehind(o: { highWatermark: number; lastOffset: number; firstOffset: number; minLag: number; preciseThrough?: number }): boolean {
  const lag = o.highWatermark - 1 - o.lastOffset;
  return lag > o.minLag && (o.preciseThrough ?? -1) < o.firstOffset;
}

/** The group offsets to commit once a checkpoint through `flushedThrough` is stored (for lag tools only). */
export const offsetsAfter = (topic: string, partition: number, flushedThrough: number) => ({
  topics: [{ topic, partitions: [{ partition, offset: String(flushedThrough + 1) }] }],
});
