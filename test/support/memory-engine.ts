import { BulkItemResult, IndexOperation, SearchEngine, StoredDocument } from '../../src/search-engine/search-engine.port';

/**
 * The two calls the batch path makes (bulk with external versions, mget), in memory, for unit tests of the
 * write path's logic. It logs every stored write in order, as one shard applies a bulk's items, so a test can
 * cut the history after any write (a crash) and ask what the index held then. Integration tests use the
 * real engine.
 */
export class MemoryEngine {
  readonly writes: IndexOperation[] = [];
  requests = 0;
  /** Ids whose documents the engine rejects, as a mapping conflict would. */
  readonly rejects = new Set<string>();

  asPort(): SearchEngine {
    return this as unknown as SearchEngine;
  }

  async bulk(operations: IndexOperation[]): Promise<BulkItemResult[]> {
    const state = this.stateAfter(this.writes.length);
    this.requests++;
    const results = operations.map((op): BulkItemResult => {
      const base = { id: op.id, index: op.index };
      if (this.rejects.has(op.id)) return { ...base, status: 400, outcome: 'rejected', error: { type: 'mapper_parsing_exception', reason: 'test' } };
      const existing = state.get(op.id);
      if (existing && op.externalVersion !== undefined && existing.version >= op.externalVersion) return { ...base, status: 409, outcome: 'version-conflict' };
      state.set(op.id, { id: op.id, version: op.externalVersion ?? 1, source: op.document });
      this.writes.push(op);
      return { ...base, status: 201, outcome: 'written' };
    });
    return results;
  }

  async mget(_index: string, ids: string[]): Promise<Map<string, StoredDocument>> {
    const state = this.stateAfter(this.writes.length);
    return new Map(ids.filter((id) => state.has(id)).map((id) => [id, state.get(id)!]));
  }

  /** What the index held after its first `count` stored writes. */
  stateAfter(count: number): Map<string, StoredDocument> {
    const state = new Map<string, StoredDocument>();
    for (const op of this.writes.slice(0, count)) state.set(op.id, { id: op.id, version: op.externalVersion ?? 1, source: op.document });
    return state;
  }

  get state(): Map<string, StoredDocument> {
    return this.stateAfter(this.writes.length);
  }
}
