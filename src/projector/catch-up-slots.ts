/**
 * How many partitions of one projection may fold write-behind at once; the others wait, paused, for a slot.
 *
 * Why: with every partition folding at once, a replay held every aggregate's state until the partitions
 * flushed at their ends. A few partitions at a time still write each document once, and hold only those
 * partitions' states (peak RSS of the bench's 1M replay ~570 instead of ~800 MiB). Within one kafkajs consumer the
 * engine and the service still take turns (its fetcher waits for every batch of a fetch, a flush included), so a
 * freed slot may go to another member's partition first (`release`'s `preferred`).
 *
 * Pure bookkeeping: the consumer pauses the partitions `admit` turns away and resumes those a release returns.
 */
export class CatchUpSlots {
  /** Partitions holding a slot, with when they took it. */
  private readonly holders = new Map<number, number>();
  /** Partitions turned away, in the order they came. */
  private readonly waiting: number[] = [];

  /**
   * @param limit slots; 0 means no limit (every partition folds at once)
   * @param maxHoldMs after this long, a holder that has just flushed gives its slot to a waiting partition, so
   * a partition that never catches up (a producer faster than the projection) does not stall the others
   */
  constructor(
    private readonly limit: number,
    private readonly maxHoldMs: number,
  ) {}

  /** Whether `partition` may fold a write-behind batch now; false: it must wait, and is queued. */
  admit(partition: number, now = Date.now()): boolean {
    if (this.limit === 0 || this.holders.has(partition)) return true;
    if (this.holders.size < this.limit) {
      this.holders.set(partition, now);
      return true;
    }
    if (!this.waiting.includes(partition)) this.waiting.push(partition);
    return false;
  }

  /**
   * The partition stores at once again (caught up): its slot goes to the first waiting one that `preferred`
   * accepts, else to the first waiting one, returned to be resumed.
   */
  release(partition: number, now = Date.now(), preferred: (waiting: number) => boolean = () => true): number[] {
    if (!this.holders.delete(partition)) return [];
    const chosen = Math.max(0, this.waiting.findIndex(preferred));
    const [next] = this.waiting.splice(chosen, 1);
    if (next === undefined) return [];
    this.holders.set(next, now);
    return [next];
  }

  /** A holder that should yield gives its slot to the first waiting partition and queues behind the others. */
  giveWay(partition: number, now = Date.now()): number[] {
    const resumed = this.release(partition, now);
    if (resumed.length > 0) this.waiting.push(partition);
    return resumed;
  }

  /** After a write-behind flush: whether the holder has had its slot long enough while others wait. */
  shouldYield(partition: number, now = Date.now()): boolean {
    const since = this.holders.get(partition);
    return since !== undefined && this.waiting.length > 0 && now - since >= this.maxHoldMs;
  }

  /** A new assignment or index: every slot is free, and every waiting partition is returned to be resumed. */
  reset(): number[] {
    this.holders.clear();
    return this.waiting.splice(0);
  }
}
