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
  /** Other topics this read model joins (see Reference); each gets a consumer of its own. */
  readonly references?: readonly Reference[];
  /** Set only on the derived projection that folds a reference's topic into its owner's index (join/feeds). */
  readonly feedOf?: { owner: Projection; reference: Reference };
}

/**
 * A join kept at write time: another projection's topic, folded with that projection's own `evolve` into
 * reference documents (`<key>~<id>`) in this projection's index, whose current state every document naming
 * it carries under `refs.<key>` (with the reference's id and version). See docs/dance-events-join.md.
 */
export interface Reference<TRef extends ReadModelDocument = ReadModelDocument> {
  /** Slot under `refs`, and prefix of the reference documents' ids. */
  readonly key: string;
  /** The projection whose topic and `evolve` give the referenced state. */
  readonly source: Projection<TRef, DomainEvent>;
  /** The field of this projection's documents that names the referenced aggregate. */
  readonly field: string;
  /** What a document embeds of the referenced state (only what it searches or shows). */
  embed(state: TRef): Record<string, unknown>;
}

/** Types a reference by its source projection's document, and erases it for the registry. */
export const defineReference = <TRef extends ReadModelDocument>(reference: Reference<TRef>): Reference =>
  reference as unknown as Reference;

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
