import { SeededRandom } from './random';
import type { AggregateKind, GeneratedEvent } from './event-stream-generator';

/** One aggregate's history as it is generated: each event is its next version; `doc` is what it must end as. */
export class AggregateHistory {
  readonly events: GeneratedEvent[] = [];
  version = 0;
  doc: Record<string, unknown> | null = null;

  constructor(
    private readonly projection: AggregateKind,
    readonly id: string,
    private readonly rnd: SeededRandom,
    private readonly at: () => string,
  ) {}

  /** Appends the next event; returns when it happened. */
  emit(type: string, data: Record<string, unknown>): string {
    const occurredAt = this.at();
    this.version += 1;
    const envelope = { eventId: this.rnd.uuid(), type, aggregateId: this.id, aggregateVersion: this.version, occurredAt, data };
    this.events.push({ projection: this.projection, key: this.id, envelope });
    return occurredAt;
  }

  /** An event that changes the live document: its fields merged, stamped with the event's time and version. */
  change(type: string, data: Record<string, unknown>, fields: Record<string, unknown> = data): void {
    const occurredAt = this.emit(type, data);
    this.doc = { ...this.doc!, ...fields, updatedAt: occurredAt, version: this.version };
  }

  delete(type: string): void {
    this.emit(type, {});
    this.doc = null;
  }

  /** Up to `changes` steps; a deleted aggregate is created again (with `recreateRate`) or its history ends. */
  evolve(changes: number, recreateRate: number, create: () => void, step: (live: Record<string, unknown>) => void): void {
    for (let c = 0; c < changes; c++) {
      if (this.doc === null) {
        if (!this.rnd.chance(recreateRate)) break;
        create();
        continue;
      }
      step(this.doc);
    }
  }
}
