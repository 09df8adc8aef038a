import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/admin';
import { CheckpointStore } from './checkpoint-store';

export interface CatchUp {
  /** Messages whose effect the index holds, over all partitions. */
  stored: number;
  /** True when the index holds every message now in the topic. */
  caughtUp: boolean;
}

/** How far an index's checkpoints are along a topic, against its end offsets now. */
export async function catchUp(kafka: Kafka, checkpoints: CheckpointStore, topic: string, index: string): Promise<CatchUp> {
  const ends = await fetchEndOffsets(kafka, topic);
  const stored = await checkpoints.read(index, topic, [...ends.keys()]);
  let total = 0;
  let caughtUp = true;
  for (const [partition, end] of ends) {
    const next = (stored.get(partition) ?? -1) + 1;
    total += next;
    if (next < end) caughtUp = false;
  }
  return { stored: total, caughtUp };
}
