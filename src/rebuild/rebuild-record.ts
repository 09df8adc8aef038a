/** Where a rebuild is. `replaying` and `cutting-over` hold the projection's rebuild lock. */
export type RebuildPhase = 'replaying' | 'cutting-over' | 'completed' | 'aborted' | 'failed';

export const RUNNING_PHASES: readonly RebuildPhase[] = ['replaying', 'cutting-over'];

/** One rebuild, stored in the control index; the record doubles as the lock, with an expiry. */
export interface RebuildRecord {
  id: string;
  projection: string;
  phase: RebuildPhase;
  sourceIndex?: string;
  targetIndex: string;
  owner: string;
  startedAt: string;
  heartbeatAt: string;
  finishedAt?: string;
  /** Events replayed into the target index (checkpoint + 1, summed over partitions). */
  replayed: number;
  /** End offsets per partition when the replay started, summed in `target`. */
  endOffsets: Record<string, number>;
  target: number;
  abortRequested?: boolean;
  bulkLoadSettings: boolean;
  error?: string;
}

/** A lock whose owner has not written for this long is treated as dead (killed mid-rebuild). */
export const LOCK_EXPIRY_MS = 30_000;

export const isRunning = (r: RebuildRecord | undefined): r is RebuildRecord => !!r && RUNNING_PHASES.includes(r.phase);

export const isAbandoned = (r: RebuildRecord | undefined, now = Date.now()): boolean =>
  isRunning(r) && now - Date.parse(r.heartbeatAt) > LOCK_EXPIRY_MS;
