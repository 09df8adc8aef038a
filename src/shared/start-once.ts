import { waitAtMost } from './wait-at-most';

/**
 * The start and stop of something that starts in the background (a consumer, after boot): it starts once, a
 * stop that comes first leaves it stopped, and a stop waits a while for a start under way, whose steps check
 * `stopping` and undo what they made once it is set.
 */
export class StartOnce {
  private stopRequested = false;
  private starting?: Promise<void>;

  /** @param graceMs how long a stop waits for a start under way to reach a step where it can stop */
  constructor(private readonly graceMs: number) {}

  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Runs `run` unless stopped; a start that fails once a stop was asked for ends quietly, as stopped. */
  start(run: () => Promise<void>): Promise<void> {
    if (this.stopRequested) return Promise.resolve();
    const quietOnStop = (err: unknown) => {
      if (!this.stopRequested) throw err;
    };
    return (this.starting = run().catch(quietOnStop).finally(() => (this.starting = undefined)));
  }

  /** Marks the stop; waits up to the grace for a start under way, one held by a server out of reach no longer. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.starting) await waitAtMost(this.starting, this.graceMs);
  }
}
