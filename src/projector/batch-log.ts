import { BatchResult } from './batch-projector';
import { ProjectionConsumerOptions } from './projection-consumer-options';

/** Where a batch was: its projection, index, topic and partition. */
export type BatchPlace = { projection: string; index: string; topic: string; partition: number };

/** A projected batch's log lines: one at debug, and a warning for each gap it opened or closed. */
export function logProjected(log: ProjectionConsumerOptions['log'], place: BatchPlace, detail: Record<string, unknown>, result: BatchResult): void {
  log('debug', 'batch projected', { ...place, ...detail, ...result, gaps: result.gaps.length });
  // A gap in an aggregate's versions means a producer reordered or lost events: loud when it opens and closes.
  for (const gap of result.gaps) {
    const message = gap.opened ? 'gap opened: events parked until the missing versions arrive' : 'gap closed';
    log('warn', message, { ...place, document: gap.id, appliedVersion: gap.version, waitingFor: gap.waitingFor, parked: gap.parked });
  }
}
