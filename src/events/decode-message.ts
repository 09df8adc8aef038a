import { DomainEvent } from './envelope';
import { envelopeCheck, EventSchemas } from './event-schemas';
import { describeSchemaErrors } from './schema-errors';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Why a message was dead-lettered; travels in the dead-letter headers. */
export type InvalidReason =
  | 'value-too-large'
  | 'missing-value'
  | 'invalid-json'
  | 'invalid-envelope'
  | 'invalid-data'
  | 'key-mismatch';

export type DecodedMessage =
  | { kind: 'event'; event: DomainEvent }
  | { kind: 'unknown-type'; type: string }
  | { kind: 'invalid'; reason: InvalidReason; message: string };

const invalid = (reason: InvalidReason, message: string): DecodedMessage => ({ kind: 'invalid', reason, message });

/**
 * Turns one Kafka message into an event, a skip, or a reason to dead-letter it, applying every rule of the
 * event contract through validators compiled once from `schemas/`. Pure: no I/O, unit-tested without a broker.
 */
export function decodeMessage(
  key: Buffer | string | null | undefined,
  value: Buffer | string | null | undefined,
  known: EventSchemas,
): DecodedMessage {
  if (value === null || value === undefined) return invalid('missing-value', 'message has no value');
  const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
  if (size > MAX_MESSAGE_BYTES) return invalid('value-too-large', `value is ${size} bytes, over the 1 MiB limit`);
  const text = typeof value === 'string' ? value : value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return invalid('invalid-json', `value is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('invalid-json', 'value must be a JSON object');
  }
  const checkEnvelope = envelopeCheck();
  if (!checkEnvelope(parsed)) return invalid('invalid-envelope', describeSchemaErrors(checkEnvelope.errors ?? []));
  const envelope = parsed as DomainEvent<string, Record<string, unknown>>;
  const keyText = key === null || key === undefined ? undefined : key.toString();
  if (keyText !== envelope.aggregateId) {
    return invalid('key-mismatch', `message key ${JSON.stringify(keyText ?? null)} differs from aggregateId ${envelope.aggregateId}`);
  }

  const checkData = known[envelope.type];
  if (!checkData) return { kind: 'unknown-type', type: envelope.type };
  if (!checkData(envelope.data)) {
    return invalid('invalid-data', `${envelope.type}: ${describeSchemaErrors(checkData.errors ?? [], 'data')}`);
  }
  return {
    kind: 'event',
    event: {
      eventId: envelope.eventId,
      type: envelope.type,
      aggregateId: envelope.aggregateId,
      aggregateVersion: envelope.aggregateVersion,
      occurredAt: envelope.occurredAt,
      data: envelope.data,
    },
  };
}
