import { DomainEvent } from '../events/envelope';
import { CompiledCheck } from '../events/event-schemas';

/** Fields every read-model document carries besides its own. */
export interface ReadModelDocument {
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * A read model defined as a pure fold over one topic's events. No I/O and no Nest here: the projector
 * loads, folds and writes; a projection only says what a document becomes. Typed by its own event union,
 * so `evolve` narrows `data` by `type` without casts.
 */
export interface Projection<TState extends ReadModelDocument = ReadModelDocument, TEvent extends DomainEvent = DomainEvent> {
  /** Name of the read alias (before INDEX_PREFIX) and of the projection in routes and the CLI. */
  readonly name: string;
  /** Bumped when evolve() changes meaning, so existing indices report "rebuild needed". */
  readonly version: number;
  /** Which configured topic feeds it. */
  readonly topicSetting: 'PRODUCT_TOPIC' | 'DANCE_HALL_TOPIC';
  /** File in index-mappings/ holding settings and mappings of its index. */
  readonly mappingFile: string;
  /** Field of the document holding the aggregate id. */
  readonly idField: string;
  /** Compiled checks of the event types it handles (from schemas/); other types on its topic are skipped. */
  readonly events: Readonly<Record<TEvent['type'], CompiledCheck>>;
  documentId(event: TEvent): string;
  /** The next state; `null` means the aggregate is deleted (stored as a tombstone). */
  evolve(state: TState | null, event: TEvent): TState | null;
}
