import { SearchEngine } from '../search-engine/search-engine.port';

/**
 * Keeps the live projector on the index behind its read alias. The alias is re-read on a timer, not only when
 * a batch arrives: after a rebuild's cutover every assigned partition must go back to the new index's
 * checkpoints at once, or a partition that receives nothing new would never redo what the new index lacks
 * (and a request waiting for one of those events would wait in vain).
 */
export class AliasFollower {
  private index?: string;
  private checkedAt = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private onError: (err: Error) => void = () => undefined;
  private failing = false;

  constructor(
    private readonly engine: SearchEngine,
    private readonly alias: string,
    private readonly checkMs: number,
    /** Called once per move, before any write to the new index; a failure undoes the move so it is retried. */
    private readonly onMove: (from: string | undefined, to: string) => Promise<void>,
  ) {}

  /** `onError` hears the first failed look after a good one (an engine outage is reported elsewhere too). */
  start(initial: string, onError: (err: Error) => void): void {
    this.index = initial;
    this.onError = onError;
    this.checkedAt = Date.now();
    this.timer = setInterval(() => this.check().catch(() => undefined), this.checkMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get current(): string | undefined {
    return this.index;
  }

  /**
   * The index to write to now, re-reading the alias when the last look is older than the interval. A look
   * that fails keeps the known index: the batch's own writes then meet the outage and retry as usual.
   */
  async resolve(): Promise<string> {
    if (Date.now() - this.checkedAt > this.checkMs) await this.check().catch(() => undefined);
    return this.index!;
  }

  /** One look at a time: a batch and the timer asking together share it. */
  check(): Promise<void> {
    this.checking ??= this.look()
      .then(() => void (this.failing = false))
      .catch((err: Error) => {
        if (!this.failing) this.onError(err);
        this.failing = true;
        throw err;
      })
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async look(): Promise<void> {
    const targets = await this.engine.aliasTargets(this.alias);
    const target = targets[targets.length - 1];
    this.checkedAt = Date.now();
    if (!target || target === this.index) return;
    const from = this.index;
    this.index = target;
    try {
      await this.onMove(from, target);
    } catch (err) {
      this.index = from;
      throw err;
    }
  }
}
