import { randomBytes, randomUUID } from 'node:crypto';
import { GeneratedEvent } from '../../src/demo/event-stream-generator';
import { SeededRandom } from '../../src/demo/random';
import { OutgoingMessage } from '../support/faulty-stream';

type Maker = (e: GeneratedEvent, rnd: SeededRandom) => { key: string | null; value: string | Buffer };

const json = (e: GeneratedEvent, override: Record<string, unknown>) => JSON.stringify({ ...e.envelope, eventId: randomUUID(), ...override });

/**
 * Messages every rule of the event contract refuses, of every kind a hostile or broken producer sends. Each
 * must end in the dead-letter topic exactly once and change nothing; none may crash the service.
 */
const MAKERS: Record<string, Maker> = {
  'random bytes': (e, rnd) => ({ key: e.key, value: randomBytes(rnd.int(1, 400)) }),
  'truncated JSON': (e, rnd) => {
    const text = JSON.stringify(e.envelope);
    return { key: e.key, value: text.slice(0, rnd.int(1, text.length - 2)) };
  },
  'huge string of the wrong type': (e) => ({ key: e.key, value: json(e, { aggregateVersion: 'x'.repeat(600_000) }) }),
  'wrong types': (e, rnd) => ({ key: e.key, value: json(e, rnd.chance(0.5) ? { aggregateVersion: String(e.envelope.aggregateVersion) } : { data: ['not', 'an', 'object'] }) }),
  'NaN and Infinity': (e, rnd) => ({ key: e.key, value: json(e, {}).replace(/"aggregateVersion":\d+/, `"aggregateVersion":${rnd.chance(0.5) ? 'NaN' : 'Infinity'}`) }),
  '__proto__ and constructor keys': (e) => ({
    key: e.key,
    value: JSON.stringify({ ...e.envelope, eventId: randomUUID(), type: e.projection === 'products' ? 'ProductCreated' : 'DanceHallCreated', data: {} })
      .replace('"data":{}', '"data":{"__proto__":{"name":"x","city":"y","description":"d","category":"c","price":1,"currency":"SEK"},"constructor":{"prototype":{"polluted":true}}}'),
  }),
  'key differs from aggregateId': (e) => ({ key: randomUUID(), value: json(e, {}) }),
  'no key': (e) => ({ key: null, value: json(e, {}) }),
  'version 0 or negative': (e, rnd) => ({ key: e.key, value: json(e, { aggregateVersion: rnd.chance(0.5) ? 0 : -rnd.int(1, 99) }) }),
  'impossible dates': (e, rnd) => ({ key: e.key, value: json(e, { occurredAt: rnd.pick(['2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T25:61:00Z', 'yesterday']) }) }),
  'empty value': (e) => ({ key: e.key, value: '' }),
};

/** `count` hostile messages, cycling through every kind, each aimed at an aggregate of the stream. */
export function hostileMessages(count: number, events: GeneratedEvent[], seed = 13): OutgoingMessage[] {
  const rnd = new SeededRandom(seed);
  const kinds = Object.values(MAKERS);
  return Array.from({ length: count }, (_, i) => {
    const target = rnd.pick(events);
    const { key, value } = kinds[i % kinds.length](target, rnd);
    return { projection: target.projection, key, value, headers: { hostile: String(i % kinds.length) } };
  });
}

/** Puts each extra message at a random place in the stream, keeping the stream's own order. */
export function mixIn(messages: OutgoingMessage[], extra: OutgoingMessage[], seed = 17): OutgoingMessage[] {
  const rnd = new SeededRandom(seed);
  const slots = new Map<number, OutgoingMessage[]>();
  for (const m of extra) {
    const at = rnd.int(0, messages.length);
    slots.set(at, [...(slots.get(at) ?? []), m]);
  }
  return messages.flatMap((m, i) => [...(slots.get(i) ?? []), m]).concat(slots.get(messages.length) ?? []);
}
