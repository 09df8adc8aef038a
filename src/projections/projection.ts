import { DomainEvent } from '../events/envelope';
import { EventDataClasses } from '../events/decode-message';

/** Fields every read-model document carries besides its own. */
export interface ReadModelDocument {
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * A read model defined as a pure fold over one topic's events. No I/O and no Nest here: the projector
 * loads, folds and writes; a projection only says what a document becomes.
 */
export interface Projection<TState extends ReadModelDocument = ReadModelDocument> {
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
  /** Payload classes of the event types it handles; other types on its topic are skipped. */
  readonly eventTypes: EventDataClasses;
  documentId(event: DomainEvent): string;
  /** The next state; `null` means the aggregate is deleted (stored as a tombstone). */
  evolve(state: TState | null, event: DomainEvent): TState | null;
}
