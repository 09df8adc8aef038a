import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { PartitionCursor } from './batch-position';
import { CheckpointStore } from './checkpoint-store';
import { recoverLedger } from './dead-letter-ledger';

/**
 * Where a partition stands when this member takes it: after the index's checkpoint, knowing the dead letters
 * an earlier owner published past it. A rebuild's replay keeps no ledger: it reports only rejections new to
 * its index, against the dead letters it read at its start.
 */
export async function openCursor(
  o: { kafka: Kafka; checkpoints: CheckpointStore; groupId: string; rebuild?: unknown },
  index: string,
  topic: string,
  partition: number,
): Promise<PartitionCursor> {
  const stored = await o.checkpoints.readOne(index, topic, partition);
  const checkpoint = stored?.offset ?? -1;
  const letters = o.rebuild
    ? undefined
    : await recoverLedger(o.kafka, { topic, partition, checkpoint, floor: stored?.dlqFloor, groupId: `${o.groupId}.dlq-ledger.${partition}.${randomBytes(3).toString('hex')}` });
  return { next: checkpoint + 1, sought: false, letters };
}
