import { randomUUID } from 'node:crypto';
import { AggregateKind, GeneratedEvent, GeneratedStream, generateEventStream, StreamOptions } from '../../src/demo/event-stream-generator';
import { SeededRandom } from '../../src/demo/random';

export interface OutgoingMessage {
  /** Name of the projection whose topic it goes to. */
  projection: AggregateKind;
  key: string | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface FaultyStream {
  stream: GeneratedStream;
  messages: OutgoingMessage[];
  /** The valid events, once each, in publish order. */
  valid: GeneratedEvent[];
  duplicates: number;
  unknownTypes: number;
  poison: OutgoingMessage[];
}

/** Per projection, a known event type with data that breaks its schema. */
const BROKEN: Record<AggregateKind, { type: string; data: Record<string, unknown> }> = {
  products: { type: 'ProductPriceChanged', data: { newPrice: -5 } },
  'dance-halls': { type: 'DanceHallGeocoded', data: { latitude: 123, longitude: 5 } },
  bands: { type: 'BandCreated', data: { name: '' } },
  'user-preferences': { type: 'OriginAdded', data: { name: 'Hemma', latitude: 91, longitude: 0 } },
  // Valid field by field: only the cross-field rule (endsAt not before startsAt) refuses it.
  'dance-events': { type: 'DanceEventCreated', data: { danceHallId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T18:00:00Z' } },
};

/** A well-formed envelope whose data breaks the type's rules; carries a header that must survive dead-lettering. */
function invalidData(e: GeneratedEvent): OutgoingMessage {
  const broken = BROKEN[e.projection];
  const value = JSON.stringify({ ...e.envelope, ...broken, eventId: randomUUID(), aggregateVersion: 999 });
  return { projection: e.projection, key: e.key, value, headers: { origin: 'test' } };
}

const encode = (e: GeneratedEvent): OutgoingMessage => ({ projection: e.projection, key: e.key, value: JSON.stringify(e.envelope) });

/**
 * A generated event log with what real logs also carry: redelivered earlier events, event types from a
 * newer producer, and poison messages of every kind the contract dead-letters.
 */
export function faultyStream(options: StreamOptions & { duplicateRate?: number; unknownRate?: number; poisonEvery?: number }): FaultyStream {
  const rnd = new SeededRandom((options.seed ?? 1) + 7);
  const stream = generateEventStream(options);
  const messages: OutgoingMessage[] = [];
  const poison: OutgoingMessage[] = [];
  const sentByAggregate = new Map<string, GeneratedEvent[]>();
  let duplicates = 0;
  let unknownTypes = 0;
  const poisonMakers: Array<(e: GeneratedEvent) => OutgoingMessage> = [
    (e) => ({ projection: e.projection, key: e.key, value: '{"eventId": "broken' }), // invalid JSON
    (e) => ({ projection: e.projection, key: randomUUID(), value: JSON.stringify(e.envelope) }), // key differs from aggregateId
    (e) => ({ projection: e.projection, key: e.key, value: JSON.stringify({ ...e.envelope, eventId: randomUUID(), aggregateVersion: 0 }) }),
    (e) => ({ projection: e.projection, key: e.key, value: JSON.stringify({ ...e.envelope, eventId: randomUUID(), occurredAt: 'last tuesday' }) }),
    (e) => invalidData(e),
  ];
  const poisonEvery = options.poisonEvery ?? 97;

  stream.events.forEach((event, i) => {
    messages.push(encode(event));
    const sent = sentByAggregate.get(event.key) ?? [];
    sent.push(event);
    sentByAggregate.set(event.key, sent);
    if (rnd.chance(options.duplicateRate ?? 0.05)) {
      messages.push(encode(rnd.pick(sent)));
      duplicates += 1;
    }
    if (rnd.chance(options.unknownRate ?? 0.02)) {
      const type = event.projection === 'products' ? 'ProductReviewed' : 'SomethingRated';
      messages.push({ projection: event.projection, key: event.key, value: JSON.stringify({ ...event.envelope, eventId: randomUUID(), type, data: { stars: 4 } }) });
      unknownTypes += 1;
    }
    if (i % poisonEvery === poisonEvery - 1) {
      const bad = poisonMakers[poison.length % poisonMakers.length](event);
      messages.push(bad);
      poison.push(bad);
    }
  });
  return { stream, messages, valid: stream.events, duplicates, unknownTypes, poison };
}
