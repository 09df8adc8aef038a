import { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deleteConsumerGroup, withAdmin } from '../kafka/admin';
import { readUntil } from '../kafka/topic-reader';
import { DLQ_HEADERS } from './dead-letter-publisher';

export interface DeadLetterEntry {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  originTopic: string;
  originPartition: string;
  originOffset: string;
  errorCode: string;
  errorMessage: string;
  /** The message's own headers, without the ones the dead-letter publisher added. */
  headers: IHeaders;
}

const header = (headers: IHeaders | undefined, name: string): string => {
  const v = headers?.[name];
  return v === undefined ? '' : Array.isArray(v) ? String(v[0]) : String(v);
};

/**
 * Reads a dead-letter topic through a consumer group of its own (`<group>.dlq-replay`), so messages
 * replayed once are not offered again: the group's offsets advance only when a replay is executed.
 */
export async function readDeadLetters(kafka: Kafka, dlqTopic: string, groupId: string): Promise<{ entries: DeadLetterEntry[]; commit: () => Promise<void> }> {
  const { ends, committed } = await withAdmin(kafka, async (admin) => ({
    ends: await admin.fetchTopicOffsets(dlqTopic),
    committed: (await admin.fetchOffsets({ groupId, topics: [dlqTopic] }))[0]?.partitions ?? [],
  }));
  const from = new Map(committed.map((p) => [p.partition, Math.max(0, Number(p.offset))]));
  const pending = ends.filter((e) => Number(e.high) > (from.get(e.partition) ?? Number(e.low)));
  const entries: DeadLetterEntry[] = [];
  await readUntil(kafka, {
    topic: dlqTopic,
    groupId,
    keepGroup: true,
    lastOffsets: new Map(pending.map((p) => [p.partition, Number(p.high) - 1])),
    onMessage: (partition, message) => entries.push(entryOf(partition, message)),
  });
  const commit = () =>
    withAdmin(kafka, (admin) => admin.setOffsets({ groupId, topic: dlqTopic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) }));
  return { entries: entries.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset)), commit };
}

/** A dead-letter message with its origin and error read from the headers the publisher set. */
export function entryOf(partition: number, message: KafkaMessage): DeadLetterEntry {
  const own = Object.fromEntries(Object.entries(message.headers ?? {}).filter(([k]) => !k.startsWith('dlq-')));
  return {
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    originTopic: header(message.headers, DLQ_HEADERS.originTopic),
    originPartition: header(message.headers, DLQ_HEADERS.originPartition),
    originOffset: header(message.headers, DLQ_HEADERS.originOffset),
    errorCode: header(message.headers, DLQ_HEADERS.errorCode),
    errorMessage: header(message.headers, DLQ_HEADERS.errorMessage),
    headers: own as IHeaders,
  };
}

/** Where a dead letter came from, as one string: `<topic>:<partition>:<offset>`. */
export const originOf = (l: { topic: string; partition: number | string; offset: string }) => `${l.topic}:${l.partition}:${l.offset}`;

/**
 * The first dead letter of each origin. Copies of one bad message (a DLQ written by an older version, or by
 * hand) are counted and replayed once.
 */
export function oncePerOrigin(entries: readonly DeadLetterEntry[]): { unique: DeadLetterEntry[]; copies: number } {
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const origin = originOf({ topic: e.originTopic, partition: e.originPartition, offset: e.originOffset });
    return !seen.has(origin) && !!seen.add(origin);
  });
  return { unique, copies: entries.length - unique.length };
}

/** The origins already in a dead-letter topic, read to its end through a throwaway consumer group. */
export async function deadLetterOrigins(kafka: Kafka, dlqTopic: string, groupId: string): Promise<Set<string>> {
  const { entries } = await readDeadLetters(kafka, dlqTopic, groupId);
  await deleteConsumerGroup(kafka, groupId).catch(() => undefined);
  return new Set(entries.map((e) => originOf({ topic: e.originTopic, partition: e.originPartition, offset: e.originOffset })));
}
