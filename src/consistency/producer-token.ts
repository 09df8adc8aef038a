import type { Message, RecordMetadata } from 'kafkajs';
import { formatConsistencyToken, TokenPosition } from './consistency-token';

/**
 * For producers: turns what kafkajs's `producer.send` returned into a `consistentWith` token, so the next
 * search reads what was just published.
 *
 * The broker acknowledges each partition with the offset of the first message it appended (`baseOffset`).
 * When one send wrote several messages to one partition (several events of one aggregate, the usual case),
 * pass the messages too: the token then names the last of them. Messages spread over several partitions
 * need an explicit `partition` each, since the broker does not say which went where.
 */
export function consistencyToken(sent: readonly RecordMetadata[], messages?: readonly Pick<Message, 'partition'>[]): string {
  const positions: TokenPosition[] = sent.map((record) => {
    if (record.errorCode !== 0) throw new Error(`the broker refused the send to ${record.topicName}:${record.partition} (error ${record.errorCode})`);
    const base = record.baseOffset ?? record.offset;
    if (base === undefined) throw new Error('no offset in the acknowledgement: send with acks other than 0');
    return { topic: record.topicName, partition: record.partition, offset: Number(base) + countIn(record, sent, messages) - 1 };
  });
  return formatConsistencyToken(positions);
}

function countIn(record: RecordMetadata, sent: readonly RecordMetadata[], messages?: readonly Pick<Message, 'partition'>[]): number {
  if (!messages) return 1;
  if (sent.length === 1) return messages.length;
  if (sent.some((r) => r.topicName !== record.topicName)) throw new Error('give messages only for a send to one topic');
  if (messages.some((m) => m.partition === undefined)) {
    throw new Error('messages went to several partitions: give each its partition, or send one aggregate at a time');
  }
  return messages.filter((m) => m.partition === record.partition).length;
}
