import { Projection } from '../projections/projection';

/** The read alias every search goes through: `<prefix><projection>`. */
export const readAlias = (prefix: string, projection: Pick<Projection, 'name'>): string => `${prefix}${projection.name}`;

/** Physical indices are numbered, so two instances creating "the first index" at once agree on its name. */
export const physicalIndexName = (prefix: string, projection: Pick<Projection, 'name'>, sequence: number): string =>
  `${readAlias(prefix, projection)}-${String(sequence).padStart(6, '0')}`;

export const physicalIndexPattern = (prefix: string, projection: Pick<Projection, 'name'>): string =>
  `${readAlias(prefix, projection)}-*`;

export function sequenceOf(index: string): number | undefined {
  const match = /-(\d{6,})$/.exec(index);
  return match ? Number(match[1]) : undefined;
}

/** The name after the highest numbered index that exists (names without a number do not count). */
export function nextIndexName(prefix: string, projection: Pick<Projection, 'name'>, existing: readonly string[]): string {
  const highest = Math.max(0, ...existing.map((i) => sequenceOf(i) ?? 0));
  return physicalIndexName(prefix, projection, highest + 1);
}

/** Kinds of document stored in a projection's physical index. Only `live` ones are visible through the alias. */
export const DocKind = { live: 'live', tombstone: 'tombstone', pending: 'pending', checkpoint: 'checkpoint', reference: 'reference' } as const;

/**
 * Fields the service stores beside every projection's own, merged into every index definition: the kind of
 * document, the checkpoint of a partition, and the events parked above a gap with when it opened.
 */
export const STORAGE_PROPERTIES = {
  docKind: { type: 'keyword' },
  checkpoint: { type: 'object', enabled: false },
  parked: { type: 'object', enabled: false },
  gapSince: { type: 'date' },
} as const;

/** The read alias filter: tombstones, pending records and checkpoints share the index but are never searchable. */
export const READ_ALIAS_FILTER = { term: { docKind: DocKind.live } };

/** A search body with the read alias's filter added, for searching a physical index as the alias would. */
export const withReadAliasFilter = (body: Record<string, unknown>): Record<string, unknown> => ({
  ...body,
  query: { bool: { must: [body.query ?? { match_all: {} }], filter: [READ_ALIAS_FILTER] } },
});
