import { SearchEngine } from '../search-engine/search-engine.port';

/**
 * The engine keeps the newest deleted copies for shard recovery until its retention lease moves past them,
 * which it does about every 30 s (measured: test/integration/search-engine.contract); a second pass after
 * that merges away what the first had to keep. (Copies newer than the engine's last commit are kept too;
 * expungeDeletes flushes first for those.)
 */
const SECOND_PASS_MS = 35_000;

type Log = (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;

/**
 * Merges away the deleted documents a replay leaves, once it is over. While catching up, every flush rewrites
 * the documents it folded, and each rewrite leaves the old copy deleted; the engine's merge policy keeps
 * most of them (after the bench's 1M-event replay, 3.6 deleted copies per document, in segments it saw no
 * reason to merge), and every search pays for them: at 50 searches/s the engine spent 73 % of a core
 * instead of 39 % (bench/live-load.ts). So when the last partition that was catching up is caught up, the
 * index is asked to expunge them, and once more after the engine lets go of the newest.
 */
export class CatchUpCompaction {
  /** Partitions that have folded batches write-behind since the last compaction. */
  private readonly catchingUp = new Set<number>();
  private running = false;
  private secondPass?: NodeJS.Timeout;

  constructor(
    private readonly engine: SearchEngine,
    private readonly log: Log,
    private readonly enabled: boolean,
  ) {}

  /** After each batch of a partition: whether it was still catching up (folded write-behind) or stored at once. */
  observe(index: string, partition: number, catchingUp: boolean): void {
    if (!this.enabled) return;
    if (catchingUp) {
      this.catchingUp.add(partition);
      return;
    }
    if (!this.catchingUp.delete(partition) || this.catchingUp.size > 0 || this.running) return;
    this.running = true;
    void this.compact(index, 'first').finally(() => (this.running = false));
    clearTimeout(this.secondPass);
    this.secondPass = setTimeout(() => void this.compact(index, 'second'), SECOND_PASS_MS).unref();
  }

  stop(): void {
    clearTimeout(this.secondPass);
  }

  /** A new assignment: partitions held no more are not waited for. */
  keepOnly(partitions: readonly number[]): void {
    for (const p of [...this.catchingUp]) if (!partitions.includes(p)) this.catchingUp.delete(p);
  }

  private async compact(index: string, pass: 'first' | 'second'): Promise<void> {
    const started = Date.now();
    try {
      const before = await this.engine.documentCounts(index);
      await this.engine.expungeDeletes(index);
      await this.engine.refresh(index);
      const after = await this.engine.documentCounts(index);
      this.log('info', 'caught up: merged away the deleted copies the replay left', { index, pass, deletedBefore: before.deleted, deletedAfter: after.deleted, live: after.live, ms: Date.now() - started });
    } catch (err) {
      // Only searches are slower without it; the next catch-up tries again.
      this.log('warn', 'could not merge away deleted documents after catching up', { index, error: (err as Error).message });
    }
  }
}
