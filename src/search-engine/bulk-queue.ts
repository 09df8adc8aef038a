import { BulkItemResult, BulkOperation, SearchEngine } from './search-engine.port';

interface Waiting {
  operations: BulkOperation[];
  resolve: (items: BulkItemResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for small bulk requests: while one is in flight, the small bulks that come meanwhile (other
 * partitions' caught-up batches, their checkpoints) wait and then go together as one request. Each caller
 * still gets only its own items, and a failed request fails each of its callers, who retry on their own.
 * The engine's cost per request (parsing, a translog sync, a task per shard) is then paid once per round trip
 * instead of once per batch; a caller waits at most one round trip longer. Large bulks (a write-behind
 * flush) gain nothing from merging and go straight through.
 */
export class BulkQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = false;

  constructor(
    private readonly engine: Pick<SearchEngine, 'bulk'>,
    /** Bulks of at most this many operations are merged, into requests of at most this many operations. */
    private readonly maxOperations = 500,
  ) {}

  send(operations: BulkOperation[]): Promise<BulkItemResult[]> {
    if (operations.length > this.maxOperations) return this.engine.bulk(operations);
    return new Promise((resolve, reject) => {
      this.waiting.push({ operations, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.waiting.length > 0) {
      const group = this.takeGroup();
      try {
        const items = await this.engine.bulk(group.flatMap((w) => w.operations));
        let at = 0;
        for (const w of group) {
          w.resolve(items.slice(at, at + w.operations.length));
          at += w.operations.length;
        }
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.inFlight = false;
  }

  /** The oldest waiting bulks, in order, up to the request size (always at least one). */
  private takeGroup(): Waiting[] {
    let count = 0;
    let n = 0;
    while (n < this.waiting.length && (n === 0 || count + this.waiting[n].operations.length <= this.maxOperations)) {
      count += this.waiting[n].operations.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}
