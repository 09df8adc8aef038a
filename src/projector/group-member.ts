import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { FetchSettings, projectionConsumerConfig } from './consumer-config';
import { waitAtMost } from '../shared/wait-at-most';

/** One kafkajs consumer of a projection's group, and the partitions of the topic its last join gave it. */
export interface GroupMember {
  /** Which of the projection's members in this process (0, 1, …), for the log. */
  id: number;
  consumer: Consumer;
  assigned: number[];
  /** From asking to join the group until a join gives it partitions: it holds no batch meanwhile. */
  joining: boolean;
}

export interface MemberEvents {
  /** A group join gave this member a new assignment. */
  joined: (member: GroupMember, memberAssignment: Record<string, number[]>) => void;
  crashed: (error: Error, restart: boolean) => void;
}

/** A member of `groupId`, not yet connected; `stopping` keeps a closing one from restarting. */
export function createMember(id: number, kafka: Kafka, groupId: string, topic: string, fetch: FetchSettings, stopping: () => boolean, on: MemberEvents): GroupMember {
  const consumer = kafka.consumer(projectionConsumerConfig(groupId, stopping, fetch));
  const member: GroupMember = { id, consumer, assigned: [], joining: true };
  consumer.on(consumer.events.REBALANCING, () => (member.joining = true));
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    member.joining = false;
    member.assigned = e.payload.memberAssignment[topic] ?? [];
    on.joined(member, e.payload.memberAssignment);
  });
  consumer.on(consumer.events.CRASH, (e) => on.crashed(e.payload.error, e.payload.restart));
  return member;
}

/** Subscribes the connected member to `topic` and runs its fetch loop; offsets are resolved and committed by `eachBatch` only. */
export async function runMember({ consumer }: GroupMember, topic: string, eachBatch: (consumer: Consumer, payload: EachBatchPayload) => Promise<void>): Promise<void> {
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    // Committed by hand after each stored checkpoint, so the group's offsets never pass what the index holds.
    autoCommit: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: (payload) => eachBatch(consumer, payload),
  });
}

/**
 * Disconnects the member, which leaves its group. A member in a join cannot leave before the join ends, and a
 * join waits for every member the group still counts: one of a process killed moments ago holds it until its
 * session expires (30 s), far past the shutdown's deadline. So a member still joining at `until` is let go
 * unawaited; it holds no batch, and the broker drops it as it drops a crashed member.
 */
export function leaveGroup(member: GroupMember, until: number): Promise<void> {
  const leaving = member.consumer.disconnect();
  return member.joining ? waitAtMost(leaving, until - Date.now()) : leaving;
}
