/** Settings and mappings of an index, as read from index-mappings/. */
export interface IndexDefinition {
  settings: Record<string, unknown>;
  mappings: Record<string, unknown>;
  aliases?: Record<string, { filter?: Record<string, unknown>; is_write_index?: boolean }>;
}

/** Write one whole document; with `externalVersion` the engine keeps it only if newer than what it has. */
export interface IndexOperation {
  index: string;
  id: string;
  document: Record<string, unknown>;
  externalVersion?: number;
}

/**
 * A painless script run atomically on one stored document (the engine re-reads and retries it on a
 * concurrent change), for documents several writers change in parts: a joined read model. With `upsert`
 * it runs on an empty document when none is stored. A script that sets `ctx.op = 'noop'` reports
 * `version-conflict`, as an older external version would.
 */
export interface ScriptedUpdate {
  kind: 'script';
  index: string;
  id: string;
  script: { source: string; params: Record<string, unknown> };
  upsert: boolean;
}

export type BulkOperation = IndexOperation | ScriptedUpdate;

/** `missing`: a scripted update without upsert found no document. */
export type BulkItemOutcome = 'written' | 'version-conflict' | 'missing' | 'rejected' | 'retriable';

export interface BulkItemResult {
  id: string;
  index: string;
  status: number;
  outcome: BulkItemOutcome;
  error?: { type: string; reason: string };
}

export interface StoredDocument {
  id: string;
  version: number;
  source: Record<string, unknown>;
}

export interface SearchHit {
  id: string;
  score: number | null;
  source: Record<string, unknown>;
  sort?: unknown[];
  highlight?: Record<string, string[]>;
}

export interface SearchResult {
  total: number;
  /** `gte` when the request bounded the count (track_total_hits) and more matched: `total` is then a lower bound. */
  totalRelation: 'eq' | 'gte';
  hits: SearchHit[];
  aggregations?: Record<string, unknown>;
  /** The engine's own time for the search (its `took`), without the network and the client around it. */
  tookMs?: number;
}

export interface SearchOptions {
  preference?: string;
}

export type AliasAction =
  | { add: { index: string; alias: string; filter?: Record<string, unknown>; is_write_index?: boolean } }
  | { remove: { index: string; alias: string } };

export interface EngineInfo {
  distribution: 'opensearch' | 'elasticsearch';
  version: string;
}

/** A document read with its optimistic-concurrency token, for small control records such as locks. */
export interface VersionedDocument {
  source: Record<string, unknown>;
  seqNo: number;
  primaryTerm: number;
}

/** Conditions for writing a control record: only if absent, or only if unchanged since it was read. */
export type WriteCondition = { ifAbsent: true } | { ifSeqNo: number; ifPrimaryTerm: number };

/**
 * The narrow port the service uses to talk to a search engine. Adapters translate to one official client
 * each and classify failures as SearchEngineError (retriable or not); nothing else leaks out.
 */
export interface SearchEngine {
  info(): Promise<EngineInfo>;
  createIndex(name: string, definition: IndexDefinition): Promise<void>;
  deleteIndex(name: string): Promise<void>;
  indexExists(name: string): Promise<boolean>;
  /** Physical index names matching a wildcard pattern. */
  listIndices(pattern: string): Promise<string[]>;
  getMeta(index: string): Promise<Record<string, unknown> | undefined>;
  putSettings(index: string, settings: Record<string, unknown>): Promise<void>;
  /** Adds fields to an index's mapping (existing fields cannot change). */
  putMapping(index: string, properties: Record<string, unknown>): Promise<void>;
  /** Physical indices an alias points at (empty when the alias does not exist). */
  aliasTargets(alias: string): Promise<string[]>;
  /** Applied atomically, in one request. */
  updateAliases(actions: AliasAction[]): Promise<void>;
  bulk(operations: BulkOperation[], options?: { refresh?: boolean }): Promise<BulkItemResult[]>;
  mget(index: string, ids: string[]): Promise<Map<string, StoredDocument>>;
  /** `preference` routes searches with the same value to the same shard copies. */
  search(index: string, body: Record<string, unknown>, options?: SearchOptions): Promise<SearchResult>;
  count(index: string, query?: Record<string, unknown>): Promise<number>;
  refresh(index: string): Promise<void>;
  /** Live and deleted documents of an index's primaries (a rewrite leaves the old copy deleted until merged away). */
  documentCounts(index: string): Promise<{ live: number; deleted: number }>;
  /**
   * Merges the segments that hold many deleted documents (only_expunge_deletes), waiting until it is done:
   * after a long replay every document was rewritten several times, and the dead copies slow every search.
   * Flushes first: the engine keeps every deleted copy newer than its last commit, and under steady writes
   * that commit can be minutes old (measured: 375k copies a merge alone would not touch, gone after a flush).
   */
  expungeDeletes(index: string): Promise<void>;
  getDocument(index: string, id: string): Promise<VersionedDocument | undefined>;
  /** Writes a control record if the condition holds; false when another writer got there first. */
  putDocument(index: string, id: string, document: Record<string, unknown>, condition?: WriteCondition): Promise<boolean>;
  close(): Promise<void>;
}
