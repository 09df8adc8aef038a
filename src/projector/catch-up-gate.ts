import { Consumer } from 'kafkajs';
import { CatchUpSlots } from './catch-up-slots';

/**
 * Applies a projection's catch-up slots to its consumer: a partition turned away is paused and sought back
 * to its next offset (nothing of its batch was folded), and resumed when a slot is handed to it.
 */
export class CatchUpGate {
  constructor(
    private readonly slots: CatchUpSlots,
    private readonly topic: string,
    private readonly consumer: () => Consumer | undefined,
  ) {}

  /** Whether the partition may fold its batch now; a batch stored at once needs no slot and frees the one it held. */
  enter(partition: number, writeBehind: boolean, next: number): boolean {
    if (!writeBehind) {
      this.resume(this.slots.release(partition));
      return true;
    }
    if (this.slots.admit(partition)) return true;
    this.wait(partition, next);
    return false;
  }

  /**
   * After a write-behind flush: true when the partition gave its slot to a waiting one and now waits itself.
   * It has stored all it folded, so the caller drops its buffer: a waiting partition holds no states.
   */
  yieldAfterFlush(partition: number, next: number): boolean {
    if (!this.slots.shouldYield(partition)) return false;
    this.resume(this.slots.giveWay(partition));
    this.wait(partition, next);
    return true;
  }

  /** A new assignment or index: no partition waits any more. */
  reset(): void {
    this.resume(this.slots.reset());
  }

  private wait(partition: number, next: number): void {
    this.consumer()?.pause([{ topic: this.topic, partitions: [partition] }]);
    this.consumer()?.seek({ topic: this.topic, partition, offset: String(next) });
  }

  private resume(partitions: number[]): void {
    if (partitions.length > 0) this.consumer()?.resume([{ topic: this.topic, partitions }]);
  }
}
