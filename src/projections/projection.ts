import { DomainEvent } from '../events/envelope';
import { CompiledCheck } from '../events/event-schemas';

/** Fields every read-model document carries besides its own. */
export interface ReadModelDocument {
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The topic a projection reads: the setting naming it (e.g. `PRODUCT_TOPIC`) and its name when unset. */
export interface TopicBinding {
  readonly setting: string;
  readonly defaultName: string;
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
  /** Which topic feeds it; configuration, topic creation, demo, tests and bench all read it from here. */
  readonly topic: TopicBinding;
  /** File in index-mappings/ holding settings and mappings of its index (the storage fields are added). */
  readonly mappingFile: string;
  /** Field of the document holding the aggregate id. */
  readonly idField: string;
  /** Compiled checks of the event types it handles (from schemas/); other types on its topic are skipped. */
  readonly events: Readonly<Record<TEvent['type'], CompiledCheck>>;
  documentId(event: TEvent): string;
  /** The next state; `null` means the aggregate is deleted (stored as a tombstone). */
  evolve(state: TState | null, event: TEvent): TState | null;
}

/** What a projection file declares; the mapping file defaults to `<name>.json`, the document id to the aggregate id. */
export type ProjectionDefinition<TState extends ReadModelDocument, TEvent extends DomainEvent> = Omit<
  Projection<TState, TEvent>,
  'mappingFile' | 'documentId'
> &
  Partial<Pick<Projection<TState, TEvent>, 'mappingFile' | 'documentId'>>;

export function defineProjection<TState extends ReadModelDocument, TEvent extends DomainEvent>(
  definition: ProjectionDefinition<TState, TEvent>,
): Projection<TState, TEvent> {
  return { mappingFile: `${definition.name}.json`, documentId: (event) => event.aggregateId, ...definition };
}

/** A changed document: its own fields plus the time and version of the event that changed it. */
export const touched = <T extends ReadModelDocument>(doc: T, event: DomainEvent): T => ({
  ...doc,
  updatedAt: event.occurredAt,
  version: event.aggregateVersion,
});
