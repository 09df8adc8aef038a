import { Kafka, RecordMetadata } from 'kafkajs';
import { dlqTopic, fetchEndOffsets, withAdmin } from '../kafka/admin';
import { readUntil } from '../kafka/topic-reader';
import { entryOf } from './dead-letter-reader';

/**
 * What one source partition has put in its dead-letter topic beyond its checkpoint, so a batch redone after a
 * crash, a rebalance or a rewind does not publish a bad message twice. The floor goes into every checkpoint:
 * no dead letter published after that checkpoint sits below it, so whoever takes the partition over reads the
 * DLQ from there, not from the start.
 */
export class DeadLetterLedger {
  constructor(
    /** Source offsets (above the checkpoint) whose dead letter is in the DLQ. */
    private readonly published: Set<number>,
    /** Per DLQ partition: an offset no later dead letter of this source partition can be below. */
    readonly floor: Map<number, number>,
  ) {}

  has(offset: string | number): boolean {
    return this.published.has(Number(offset));
  }

  /** Records what one request put in the DLQ; its base offsets raise the floor. */
  record(offsets: readonly (string | number)[], metadata: readonly RecordMetadata[]): void {
    for (const o of offsets) this.published.add(Number(o));
    for (const m of metadata) {
      const base = Number(m.baseOffset ?? m.offset ?? -1);
      if (base > (this.floor.get(m.partition) ?? -1)) this.floor.set(m.partition, base);
    }
  }

  /** Forgets what a stored checkpoint has passed: those messages are never redone. */
  passed(checkpoint: number): void {
    for (const o of this.published) if (o <= checkpoint) this.published.delete(o);
  }

  floorAsRecord(): Record<string, number> {
    return Object.fromEntries(this.floor);
  }
}

export interface LedgerOrigin {
  topic: string;
  partition: number;
  /** The checkpoint of the partition in the index (-1 for none). */
  checkpoint: number;
  /** The floor stored with that checkpoint; without one the DLQ is read from its start. */
  floor?: Record<string, number>;
  groupId: string;
}

/**
 * What a previous owner of the partition dead-lettered past its checkpoint: it may have died between its
 * publish and the checkpoint. Reads the DLQ from the floor to its end (nothing, in the usual case).
 */
export async function recoverLedger(kafka: Kafka, o: LedgerOrigin): Promise<DeadLetterLedger> {
  const dlq = dlqTopic(o.topic);
  const ends = await fetchEndOffsets(kafka, dlq).catch((err: { type?: string }) => {
    // No dead-letter topic yet: nothing can be in it (publishing to it fails, and is retried, until it exists).
    if (err.type === 'UNKNOWN_TOPIC_OR_PARTITION') return new Map<number, number>();
    throw err;
  });
  const from = new Map([...ends.keys()].map((p) => [p, Math.min(o.floor?.[String(p)] ?? 0, ends.get(p)!)]));
  const published = new Set<number>();
  const toRead = new Map([...ends].filter(([p, end]) => end > from.get(p)!).map(([p, end]) => [p, end - 1]));
  if (toRead.size > 0) {
    // A group of its own, started where the floor says (and at the end where there is nothing to read).
    await withAdmin(kafka, (admin) =>
      admin.setOffsets({ groupId: o.groupId, topic: dlq, partitions: [...ends].map(([p, end]) => ({ partition: p, offset: String(toRead.has(p) ? from.get(p)! : end) })) }),
    );
    await readUntil(kafka, {
      topic: dlq,
      groupId: o.groupId,
      lastOffsets: toRead,
      onMessage: (p, message) => {
        const letter = entryOf(p, message);
        const offset = Number(letter.originOffset);
        if (letter.originTopic === o.topic && letter.originPartition === String(o.partition) && offset > o.checkpoint) published.add(offset);
      },
    });
  }
  return new DeadLetterLedger(published, ends);
}
