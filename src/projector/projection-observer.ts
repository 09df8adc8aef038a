export type EventOutcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered' | 'parked';

/**
 * What the projector and the rebuild report while they work. They only report; ops/ decides what to
 * measure (Prometheus series), so the core imports nothing from the operations side.
 */
export interface ProjectionObserver {
  /** n events of one type had one outcome; callers group by type, as one call per event costs more than the fold. */
  eventsCounted(projection: string, type: string, outcome: EventOutcome, n: number): void;
  batchProjected(projection: string, messages: number): void;
  checkpointStored(projection: string, topic: string, partition: number, offset: number): void;
  bulkTimed(projection: string, seconds: number): void;
  retried(projection: string, operation: string): void;
  rebuildProgressed(projection: string, progress: { replayed?: number; target?: number }): void;
}

/** For callers with nobody listening (tools that run once). */
export const UNOBSERVED: ProjectionObserver = {
  eventsCounted: () => undefined,
  batchProjected: () => undefined,
  checkpointStored: () => undefined,
  bulkTimed: () => undefined,
  retried: () => undefined,
  rebuildProgressed: () => undefined,
};

/** Reports many events with one call per type. */
export function countByType(observer: ProjectionObserver, projection: string, types: Iterable<string>, outcome: EventOutcome): void {
  const byType = new Map<string, number>();
  for (const type of types) byType.set(type, (byType.get(type) ?? 0) + 1);
  for (const [type, n] of byType) observer.eventsCounted(projection, type, outcome, n);
}
