import { SearchEngine, VersionedDocument } from '../search-engine/search-engine.port';
import { createIndexIfAbsent } from '../search-engine/engine-helpers';
import { RebuildRecord } from './rebuild-record';

export interface StoredRebuild {
  record: RebuildRecord;
  token: { ifSeqNo: number; ifPrimaryTerm: number };
}

/**
 * Rebuild records in a small control index of the engine, written with optimistic concurrency: every
 * instance sees the same lock, and two instances racing for it cannot both win.
 */
export class RebuildStore {
  private readonly index: string;
  private ensured = false;

  constructor(private readonly engine: SearchEngine, prefix: string) {
    this.index = `${prefix}search-indexer-control`;
  }

  async read(projection: string): Promise<StoredRebuild | undefined> {
    await this.ensureIndex();
    const doc: VersionedDocument | undefined = await this.engine.getDocument(this.index, `rebuild~${projection}`);
    if (!doc) return undefined;
    return { record: doc.source as unknown as RebuildRecord, token: { ifSeqNo: doc.seqNo, ifPrimaryTerm: doc.primaryTerm } };
  }

  /** Writes the record if nobody changed it since `previous` was read (or if there was none). */
  async write(record: RebuildRecord, previous: StoredRebuild | undefined): Promise<boolean> {
    await this.ensureIndex();
    return this.engine.putDocument(this.index, `rebuild~${record.projection}`, record as unknown as Record<string, unknown>, previous ? previous.token : { ifAbsent: true });
  }

  private async ensureIndex(): Promise<void> {
    if (this.ensured) return;
    if (!(await this.engine.indexExists(this.index))) {
      await createIndexIfAbsent(this.engine, this.index, {
        settings: { index: { number_of_shards: 1, auto_expand_replicas: '0-1' } },
        mappings: { dynamic: false, properties: { projection: { type: 'keyword' }, phase: { type: 'keyword' } } },
      });
    }
    this.ensured = true;
  }

  /** Stores a rebuild's last state (completed, aborted, failed) with when it ended. */
  async finish(record: RebuildRecord, stored?: StoredRebuild): Promise<void> {
    const now = new Date().toISOString();
    await this.write({ ...record, finishedAt: now, heartbeatAt: now }, stored ?? (await this.read(record.projection)));
  }
}
