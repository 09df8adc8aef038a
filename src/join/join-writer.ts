import { DocKind } from '../indices/index-names';
import { Projection, Reference } from '../projections/projection';
import { currentFromStored } from '../projector/fold-batch';
import { forEachHit } from '../search-engine/engine-helpers';
import { SearchEngineError } from '../search-engine/search-engine.error';
import { ScriptedUpdate, SearchEngine, StoredDocument } from '../search-engine/search-engine.port';
import { DROP_STALE_REFERENCE_SCRIPT, EMBED_REFERENCE_SCRIPT } from './join-scripts';
import { definedFields } from '../shared/defined-fields';

/** What a document embeds of a reference: its id and applied version, and (unless deleted) its fields. */
export interface EmbeddedReference {
  id: string;
  version: number;
  [field: string]: unknown;
}

// Ids per fan-out search; a hall with thousands of dances pages through them.
const FAN_OUT_CHUNK = 500;

/** The embeddable state of a stored reference document; none while nothing of it is applied (only parked). */
export function embeddedFrom(reference: Reference, stored: StoredDocument): EmbeddedReference | undefined {
  const current = currentFromStored(stored)!;
  if (current.version === 0) return undefined;
  const id = stored.id.slice(reference.key.length + 1);
  return { id, version: current.version, ...(current.state && definedFields(reference.embed(current.state))) };
}

export const isEmbedded = (embedded: unknown, ref: EmbeddedReference): boolean => {
  const e = embedded as Partial<EmbeddedReference> | undefined;
  return e?.id === ref.id && Number(e.version) >= ref.version;
};

/**
 * Keeps the joined parts of a read model current, after a batch's documents are stored and before its
 * checkpoint, so a redone batch repeats it (every step is an idempotent merge):
 * - the owner, for every document of the batch (duplicates too): re-reads the references they name and
 *   embeds what is newer;
 * - a reference feed, for every reference of the batch: refreshes the index, so every document stored
 *   before this reference is searchable, then finds the documents naming it with an older version and
 *   embeds it.
 * Whichever of the two runs second sees the other's write; docs/dance-events-join.md has the argument.
 */
export class JoinWriter {
  constructor(private readonly engine: SearchEngine) {}

  async afterStored(projection: Projection, index: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    if (projection.references?.length) await this.embedCurrent(projection, index, ids);
    else if (projection.feedOf) await this.fanOut(projection.feedOf.owner, projection.feedOf.reference, index, ids);
  }

  private async embedCurrent(projection: Projection, index: string, ids: readonly string[]): Promise<void> {
    const documents = [...(await this.engine.mget(index, [...ids])).values()].filter((d) => d.source.docKind === DocKind.live);
    const references = projection.references ?? [];
    const wanted = new Set(documents.flatMap((d) => references.filter((r) => d.source[r.field]).map((r) => `${r.key}~${String(d.source[r.field])}`)));
    const stored = await this.engine.mget(index, [...wanted]);
    const updates: ScriptedUpdate[] = [];
    for (const doc of documents) {
      const refs = (doc.source.refs ?? {}) as Record<string, EmbeddedReference | undefined>;
      for (const r of references) {
        const named = doc.source[r.field];
        const found = typeof named === 'string' ? stored.get(`${r.key}~${named}`) : undefined;
        const ref = found && embeddedFrom(r, found);
        if (ref && !isEmbedded(refs[r.key], ref)) updates.push(embedUpdate(index, doc.id, r, ref));
        // It named another aggregate before (or another life of it did), and names none known now.
        if (!ref && refs[r.key] && refs[r.key]!.id !== named) updates.push(dropUpdate(index, doc.id, r));
      }
    }
    await this.apply(updates);
  }

  private async fanOut(owner: Projection, reference: Reference, index: string, ids: readonly string[]): Promise<void> {
    const refs = [...(await this.engine.mget(index, [...ids])).values()].flatMap((d) => embeddedFrom(reference, d) ?? []);
    if (refs.length === 0) return;
    // Every document stored before the reference above becomes searchable, so none is missed below.
    await this.engine.refresh(index);
    for (let i = 0; i < refs.length; i += FAN_OUT_CHUNK) {
      const byId = new Map(refs.slice(i, i + FAN_OUT_CHUNK).map((r) => [r.id, r]));
      const updates: ScriptedUpdate[] = [];
      const query = { bool: { filter: [{ term: { docKind: DocKind.live } }, { terms: { [reference.field]: [...byId.keys()] } }] } };
      await forEachHit(this.engine, index, { query, _source: [reference.field, `refs.${reference.key}`], sort: [{ [owner.idField]: 'asc' }] }, (hit) => {
        const ref = byId.get(String(hit.source[reference.field]));
        const embedded = (hit.source.refs as Record<string, unknown> | undefined)?.[reference.key];
        if (ref && !isEmbedded(embedded, ref)) updates.push(embedUpdate(index, hit.id, reference, ref));
      });
      await this.apply(updates);
    }
  }

  private async apply(updates: ScriptedUpdate[]): Promise<void> {
    const items = await this.engine.bulk(updates);
    // A no-op is a merge that found something as new; a missing document has nothing to embed into.
    const failed = items.find((i) => i.outcome === 'retriable' || i.outcome === 'rejected');
    if (failed) throw new SearchEngineError(`embedding a reference into ${failed.id}: ${failed.status} ${failed.error?.reason ?? ''}`, failed.outcome === 'retriable', failed.status);
  }
}

const embedUpdate = (index: string, id: string, reference: Reference, ref: EmbeddedReference): ScriptedUpdate => ({
  kind: 'script',
  index,
  id,
  upsert: false,
  script: { source: EMBED_REFERENCE_SCRIPT, params: { field: reference.field, key: reference.key, id: ref.id, ref } },
});

const dropUpdate = (index: string, id: string, reference: Reference): ScriptedUpdate => ({
  kind: 'script',
  index,
  id,
  upsert: false,
  script: { source: DROP_STALE_REFERENCE_SCRIPT, params: { field: reference.field, key: reference.key } },
});
