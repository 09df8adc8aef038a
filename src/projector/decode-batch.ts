import { KafkaMessage } from 'kafkajs';
import { decodeMessage } from '../events/decode-message';
import { Projection } from '../projections/projection';
import { DeadLetter, deadLetterOf } from './dead-letter-publisher';
import { PositionedEvent } from './fold-batch';

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>[];
}

export interface DecodedBatch {
  events: PositionedEvent[];
  /** Messages that break the contract, as dead letters. */
  letters: DeadLetter[];
  /** The source message of an event, for dead-lettering it later if the engine rejects its document. */
  sourceOf: (offset: number) => PartitionBatch['messages'][number] | undefined;
  skippedTypes: string[];
  bytes: number;
}

/** Sorts a batch's messages into the projection's events, types it skips, and dead letters. */
export function decodeBatch(projection: Projection, batch: PartitionBatch): DecodedBatch {
  const origin = { topic: batch.topic, partition: batch.partition, projection: projection.name };
  const decoded: DecodedBatch = { events: [], letters: [], sourceOf: indexedOnFirstUse(batch.messages), skippedTypes: [], bytes: 0 };
  for (const message of batch.messages) {
    const offset = Number(message.offset);
    decoded.bytes += message.value?.length ?? 0;
    const result = decodeMessage(message.key, message.value, projection.events);
    if (result.kind === 'event') {
      decoded.events.push({ offset, event: result.event });
    } else if (result.kind === 'unknown-type') {
      decoded.skippedTypes.push(result.type);
    } else {
      decoded.letters.push(deadLetterOf(origin, message, result.reason, result.message));
    }
  }
  return decoded;
}

/** Messages by offset, indexed only when asked: the engine rarely rejects a document, and most batches never ask. */
function indexedOnFirstUse(messages: PartitionBatch['messages']): DecodedBatch['sourceOf'] {
  let byOffset: Map<number, PartitionBatch['messages'][number]> | undefined;
  return (offset) => {
    byOffset ??= new Map(messages.map((m) => [Number(m.offset), m]));
    return byOffset.get(offset);
  };
}
