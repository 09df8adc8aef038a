import { CheckpointStore } from '../projector/checkpoint-store';
import { SearchEngine } from '../search-engine/search-engine.port';
import { positionKey } from './consistency-token';

/** What one poll saw: the physical index behind the read alias, and each partition's searchable checkpoint. */
export interface SearchablePositions {
  index: string;
  offsets: ReadonlyMap<string, number>;
  seenAt: number;
}

interface Waiter {
  satisfied: (seen: SearchablePositions) => boolean;
  resolve: (seen: SearchablePositions | undefined) => void;
  deadline: number;
}

export interface WatcherOptions {
  pollMs: number;
  /** A waiter this close to its deadline may ask the engine to refresh, at most once per `pollMs * 10`. */
  nudgeBeforeMs: number;
  /** Routes the poll and the pinned search to the same shard copies, so a replica's own refresh cannot differ. */
  preference: string;
  onPoll?: (ok: boolean) => void;
}

/**
 * Watches one read alias for every request waiting on it: one poll per interval, whatever the number of
 * waiters, and none while nobody waits. A poll searches the alias's physical index for its checkpoint
 * documents, so what it sees is what a search sees (refreshed), not merely what is stored.
 */
export class PositionWatcher {
  private readonly waiters = new Set<Waiter>();
  private latest?: SearchablePositions;
  private polling = false;
  private nudgedAt = 0;
  private readonly checkpoints: CheckpointStore;

  constructor(
    private readonly engine: SearchEngine,
    private readonly alias: string,
    private readonly options: WatcherOptions,
  ) {
    this.checkpoints = new CheckpointStore(engine);
  }

  /** The last poll's view, when it is recent enough to stand for now. */
  current(): SearchablePositions | undefined {
    return this.latest && Date.now() - this.latest.seenAt <= this.options.pollMs ? this.latest : undefined;
  }

  /** The last view seen at all (for the positions a timed-out request reached). */
  lastSeen(): SearchablePositions | undefined {
    return this.latest;
  }

  /** Resolves with the first view that satisfies, or undefined at the deadline. */
  waitUntil(satisfied: (seen: SearchablePositions) => boolean, deadline: number): Promise<SearchablePositions | undefined> {
    const now = this.current();
    if (now && satisfied(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      // Its own timer: a poll that hangs on an unanswering engine must not hold the answer past the deadline.
      const waiter: Waiter = {
        satisfied,
        deadline,
        resolve: (seen) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(seen);
        },
      };
      const timer = setTimeout(() => waiter.resolve(undefined), Math.max(0, deadline - Date.now()));
      this.waiters.add(waiter);
      if (!this.polling) void this.pollWhileWaited();
    });
  }

  private async pollWhileWaited(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        const started = Date.now();
        const seen = await this.poll();
        this.settle(seen);
        if (this.waiters.size === 0) break;
        await this.nudgeIfClose(seen);
        await new Promise((r) => setTimeout(r, Math.max(0, this.options.pollMs - (Date.now() - started))));
      }
    } finally {
      this.polling = false;
    }
  }

  private settle(seen: SearchablePositions | undefined): void {
    if (!seen) return;
    for (const waiter of [...this.waiters]) if (waiter.satisfied(seen)) waiter.resolve(seen);
  }

  private async poll(): Promise<SearchablePositions | undefined> {
    try {
      const targets = await this.engine.aliasTargets(this.alias);
      const index = targets[targets.length - 1];
      if (!index) return undefined;
      const checkpoints = await this.checkpoints.readAll(index, { preference: this.options.preference });
      const offsets = new Map(checkpoints.map((c) => [positionKey(c.topic, c.partition), c.offset]));
      this.latest = { index, offsets, seenAt: Date.now() };
      this.options.onPoll?.(true);
      return this.latest;
    } catch {
      // An engine that does not answer leaves the waiters waiting until their deadline.
      this.options.onPoll?.(false);
      return undefined;
    }
  }

  /** Near a deadline, a refresh may make searchable what is already stored; rate-limited per index. */
  private async nudgeIfClose(seen: SearchablePositions | undefined): Promise<void> {
    const now = Date.now();
    if (!seen || now - this.nudgedAt < this.options.pollMs * 10) return;
    if (![...this.waiters].some((w) => w.deadline - now <= this.options.nudgeBeforeMs)) return;
    this.nudgedAt = now;
    await this.engine.refresh(seen.index).catch(() => undefined);
  }
}
