import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { DomainEvent, EventEnvelope } from './envelope';
import { checkAtLeastOneOf } from './at-least-one-of';

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

/** Payload classes by event type: what one projection knows how to validate. */
export type EventDataClasses = Readonly<Record<string, new () => object>>;

const flatten = (errors: ValidationError[], path = ''): string[] =>
  errors.flatMap((e) => {
    const here = path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${here}: ${m}`);
    return [...own, ...flatten(e.children ?? [], here)];
  });

const invalid = (reason: InvalidReason, message: string): DecodedMessage => ({ kind: 'invalid', reason, message });

/**
 * Turns one Kafka message into an event, a skip, or a reason to dead-letter it, applying every rule
 * of the event contract. Pure: no I/O, so it is unit-tested without a broker.
 */
export function decodeMessage(
  key: Buffer | string | null | undefined,
  value: Buffer | string | null | undefined,
  known: EventDataClasses,
): DecodedMessage {
  if (value === null || value === undefined) return invalid('missing-value', 'message has no value');
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (bytes.length > MAX_MESSAGE_BYTES) {
    return invalid('value-too-large', `value is ${bytes.length} bytes, over the 1 MiB limit`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return invalid('invalid-json', `value is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('invalid-json', 'value must be a JSON object');
  }
  const envelope = plainToInstance(EventEnvelope, parsed);
  const envelopeErrors = flatten(validateSync(envelope));
  if (envelopeErrors.length > 0) return invalid('invalid-envelope', envelopeErrors.join('; '));
  if (Number.isNaN(Date.parse(envelope.occurredAt))) {
    return invalid('invalid-envelope', 'occurredAt is not a real instant');
  }
  const keyText = key === null || key === undefined ? undefined : key.toString();
  if (keyText !== envelope.aggregateId) {
    return invalid('key-mismatch', `message key ${JSON.stringify(keyText ?? null)} differs from aggregateId ${envelope.aggregateId}`);
  }

  const dataClass = known[envelope.type];
  if (!dataClass) return { kind: 'unknown-type', type: envelope.type };

  const data = plainToInstance(dataClass, envelope.data);
  const dataErrors = flatten(validateSync(data, { forbidUnknownValues: false }), 'data');
  const missing = checkAtLeastOneOf(dataClass, envelope.data);
  if (missing) dataErrors.push(missing);
  if (dataErrors.length > 0) return invalid('invalid-data', `${envelope.type}: ${dataErrors.join('; ')}`);

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
