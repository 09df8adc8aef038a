import { Consumer } from 'kafkajs';
import { CatchUpSlots } from './catch-up-slots';

/** What the gate does with a member's consumer. */
export type PausableConsumer = Pick<Consumer, 'pause' | 'resume' | 'seek'>;

/**
 * Applies a projection's catch-up slots to its consumers: a partition turned away is paused and sought back
 * to its next offset (nothing of its batch was folded), and resumed when a slot is handed to it. The slots are
 * shared by every group member of the projection, so a slot one member frees may go to another's partition.
 */
export class CatchUpGate {
  /** The consumer that paused each waiting partition: it must resume it, even if the partition moved since. */
  private readonly pausedBy = new Map<number, PausableConsumer>();

  constructor(
    private readonly slots: CatchUpSlots,
    private readonly topic: string,
  ) {}

  /** Whether the partition may fold its batch now; a batch stored at once needs no slot and frees the one it held. */
  enter(consumer: PausableConsumer, partition: number, writeBehind: boolean, next: number): boolean {
    if (!writeBehind) {
      // Its member now flushes what the partition folded, and fetches nothing until that is stored: a partition
      // of another member folds meanwhile, so the service and the engine work at once.
      this.resume(this.slots.release(partition, Date.now(), (waiting) => this.pausedBy.get(waiting) !== consumer));
      return true;
    }
    if (this.slots.admit(partition)) return true;
    this.wait(consumer, partition, next);
    return false;
  }

  /**
   * After a write-behind flush: true when the partition gave its slot to a waiting one and now waits itself.
   * It has stored all it folded, so the caller drops its buffer: a waiting partition holds no states.
   */
  yieldAfterFlush(consumer: PausableConsumer, partition: number, next: number): boolean {
    if (!this.slots.shouldYield(partition)) return false;
    this.resume(this.slots.giveWay(partition));
    this.wait(consumer, partition, next);
    return true;
  }

  /** A new assignment or index: no partition waits any more. */
  reset(): void {
    this.resume(this.slots.reset());
  }

  private wait(consumer: PausableConsumer, partition: number, next: number): void {
    this.pausedBy.set(partition, consumer);
    consumer.pause([{ topic: this.topic, partitions: [partition] }]);
    consumer.seek({ topic: this.topic, partition, offset: String(next) });
  }

  private resume(partitions: number[]): void {
    for (const partition of partitions) {
      this.pausedBy.get(partition)?.resume([{ topic: this.topic, partitions: [partition] }]);
      this.pausedBy.delete(partition);
    }
  }
}
