import { randomUUID } from 'node:crypto';

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
  /** Rejections new to the rebuilt index that this run dead-lettered (with a `dlq-rebuild-id` header). */
  deadLettered?: number;
  error?: string;
}

export const isRunning = (r: RebuildRecord | undefined): r is RebuildRecord => !!r && RUNNING_PHASES.includes(r.phase);

/** A running rebuild whose owner has not written for `ttlMs` is treated as dead (killed mid-rebuild). */
export const isAbandoned = (r: RebuildRecord | undefined, ttlMs: number, now = Date.now()): boolean =>
  isRunning(r) && now - Date.parse(r.heartbeatAt) > ttlMs;

/** A new rebuild of a projection into `targetIndex`, owned by `owner`, holding the lock from now. */
export function newRebuildRecord(o: { projection: string; sourceIndex?: string; targetIndex: string; owner: string; bulkLoadSettings: boolean }): RebuildRecord {
  const now = new Date().toISOString();
  return { ...o, id: randomUUID(), phase: 'replaying', startedAt: now, heartbeatAt: now, replayed: 0, endOffsets: {}, target: 0 };
}
