import { IHeaders, Producer, RecordMetadata } from 'kafkajs';
import { dlqTopic } from '../kafka/admin';
import { KafkaUnavailableError } from '../kafka/kafka-errors';

/** A message that cannot be projected, kept byte for byte with why and where it came from. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  errorCode: string;
  errorMessage: string;
  projection: string;
  /** Set when a rebuild reports a rejection new to its index (the live projector reports the rest). */
  rebuildId?: string;
}

/** The fields of a source message a dead letter keeps byte for byte. */
export interface SourceMessage {
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

const toBuffer = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v);

export function deadLetterOf(
  origin: { topic: string; partition: number; projection: string },
  message: SourceMessage,
  errorCode: string,
  errorMessage: string,
): DeadLetter {
  return { ...origin, offset: message.offset, key: toBuffer(message.key), value: toBuffer(message.value), headers: message.headers, errorCode, errorMessage };
}

/** Header names on dead-lettered messages; `npm run cli -- replay-dlq` reads them back. */
export const DLQ_HEADERS = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  originTopic: 'dlq-origin-topic',
  originPartition: 'dlq-origin-partition',
  originOffset: 'dlq-origin-offset',
  projection: 'dlq-projection',
  failedAt: 'dlq-failed-at',
  rebuildId: 'dlq-rebuild-id',
} as const;

// Header values are bytes; a reason of unbounded length (a huge invalid payload echoed) must not grow the record.
const MAX_REASON_CHARS = 2000;

// Well under the broker's default request limit (message.max.bytes, 1 MiB): a batch where every message is
// bad (a mapping that rejects everything) must not become one request the broker refuses forever.
const MAX_REQUEST_BYTES = 512 * 1024;

function* requestsOf(letters: DeadLetter[]): Generator<DeadLetter[]> {
  let chunk: DeadLetter[] = [];
  let bytes = 0;
  for (const l of letters) {
    const size = (l.key?.length ?? 0) + (l.value?.length ?? 0) + l.errorMessage.length + 512;
    if (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(l);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

const toMessage = (l: DeadLetter) => ({
  key: l.key,
  value: l.value,
  headers: {
    ...l.headers,
    [DLQ_HEADERS.errorCode]: l.errorCode,
    [DLQ_HEADERS.errorMessage]: l.errorMessage.slice(0, MAX_REASON_CHARS),
    [DLQ_HEADERS.originTopic]: l.topic,
    [DLQ_HEADERS.originPartition]: String(l.partition),
    [DLQ_HEADERS.originOffset]: l.offset,
    [DLQ_HEADERS.projection]: l.projection,
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    ...(l.rebuildId && { [DLQ_HEADERS.rebuildId]: l.rebuildId }),
  },
});

/** Publishes to `<topic>.dlq` with acks from all in-sync replicas before the source position may advance. */
export class DeadLetterPublisher {
  private connected = false;

  constructor(private readonly producer: Producer) {
    producer.on(producer.events.CONNECT, () => (this.connected = true));
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
  }

  /** Publishes in requests under the broker's limit; `onSent` hears of each request as it is acknowledged. */
  async publish(letters: DeadLetter[], onSent?: (sent: DeadLetter[], metadata: RecordMetadata[]) => void): Promise<void> {
    if (letters.length === 0) return;
    try {
      // Connected on first use, and again after the broker dropped us, so an outage at start is just a retry.
      if (!this.connected) await this.producer.connect();
      for (const chunk of requestsOf(letters)) {
        const byTopic = new Map<string, DeadLetter[]>();
        for (const l of chunk) byTopic.set(dlqTopic(l.topic), [...(byTopic.get(dlqTopic(l.topic)) ?? []), l]);
        const metadata = await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(toMessage) })) });
        onSent?.(chunk, metadata);
      }
    } catch (err) {
      throw new KafkaUnavailableError(`dead-letter publish failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
