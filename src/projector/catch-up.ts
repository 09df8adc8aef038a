import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/admin';
import { CheckpointStore } from './checkpoint-store';

export interface CatchUp {
  /** Messages whose effect the index holds, over all partitions. */
  stored: number;
  /** True when the index holds every message up to the end offsets. */
  caughtUp: boolean;
}

/** How far checkpoints (last stored offset per partition) are along end offsets (next offset per partition). */
export function positionAgainst(ends: ReadonlyMap<number, number>, checkpoints: ReadonlyMap<number, number>): CatchUp {
  let stored = 0;
  let caughtUp = true;
  for (const [partition, end] of ends) {
    const next = (checkpoints.get(partition) ?? -1) + 1;
    stored += next;
    if (next < end) caughtUp = false;
  }
  return { stored, caughtUp };
}

/**
 * How far an index's checkpoints are along a topic: against its end offsets now, or against `ends` fixed
 * earlier (a test or a benchmark waiting for what it published, not for what arrives meanwhile).
 */
export async function catchUp(kafka: Kafka, checkpoints: CheckpointStore, topic: string, index: string, ends?: ReadonlyMap<number, number>): Promise<CatchUp> {
  const against = ends ?? (await fetchEndOffsets(kafka, topic));
  return positionAgainst(against, await checkpoints.read(index, topic, [...against.keys()]));
}
