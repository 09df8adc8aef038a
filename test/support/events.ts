import { randomUUID } from 'node:crypto';
import { DomainEvent } from '../../src/events/envelope';

/** Builds a valid event envelope; tests override only what they are about. */
export function envelope(type: string, aggregateId: string, aggregateVersion: number, data: Record<string, unknown>, occurredAt?: string) {
  return {
    eventId: randomUUID(),
    type,
    aggregateId,
    aggregateVersion,
    occurredAt: occurredAt ?? new Date(Date.UTC(2026, 10, 22, 10, 0, aggregateVersion)).toISOString(),
    data,
  };
}

export const asEvent = (e: ReturnType<typeof envelope>): DomainEvent => e;

export const productCreated = (id: string, version = 1, overrides: Record<string, unknown> = {}) =>
  envelope('ProductCreated', id, version, {
    name: 'Dansskor Herr Classic',
    description: 'Läderskor för bugg och foxtrot',
    category: 'shoes',
    price: 899,
    currency: 'SEK',
    tags: ['bugg', 'foxtrot'],
    ...overrides,
  });
