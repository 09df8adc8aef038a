import { BulkItemResult, BulkOperation, IndexOperation, ScriptedUpdate, SearchResult, StoredDocument, VersionedDocument, WriteCondition } from './search-engine.port';
import { isRetriableStatus } from './search-engine.error';

/**
 * Shapes shared by the Elasticsearch and OpenSearch REST APIs: bulk lines and the
 * bulk, mget and search answers are the same JSON on both, so only the client call differs per adapter.
 */
// A joined document is changed by a few writers at most; the engine re-runs the script on a conflict.
const SCRIPT_RETRIES_ON_CONFLICT = 10;

export function toBulkLines(operations: BulkOperation[]): Record<string, unknown>[] {
  return operations.flatMap((op) => ('kind' in op ? scriptLines(op) : indexLines(op)));
}

const scriptLines = (op: ScriptedUpdate): Record<string, unknown>[] => [
  { update: { _index: op.index, _id: op.id, retry_on_conflict: SCRIPT_RETRIES_ON_CONFLICT } },
  { script: { lang: 'painless', ...op.script }, ...(op.upsert && { scripted_upsert: true, upsert: {} }) },
];

function indexLines(op: IndexOperation): Record<string, unknown>[] {
  return [
    {
      index: {
        _index: op.index,
        _id: op.id,
        ...(op.externalVersion !== undefined && { version: op.externalVersion, version_type: 'external' }),
      },
    },
    op.document,
  ];
}

/**
 * The parts of a bulk answer parseBulkItems reads. The rest (_version, _shards, _seq_no, _primary_term) is
 * about half of a large flush's answer, which the engine would serialise and the service parse for nothing.
 */
export const BULK_ANSWER_FIELDS = ['items.*._id', 'items.*._index', 'items.*.status', 'items.*.result', 'items.*.error.type', 'items.*.error.reason'];

interface RawBulkItem {
  _id?: string | null;
  _index?: string;
  status: number;
  result?: string;
  error?: { type?: string; reason?: string | null } | null;
}

export function parseBulkItems(items: Array<Record<string, RawBulkItem>>, operations: BulkOperation[]): BulkItemResult[] {
  return items.map((entry, i) => {
    const item = Object.values(entry)[0];
    const base = { id: item._id ?? operations[i].id, index: item._index ?? operations[i].index, status: item.status };
    if (item.status < 300 && item.result === 'noop') return { ...base, outcome: 'version-conflict', error: { type: 'noop', reason: 'the script left the document as it was' } };
    if (item.status < 300) return { ...base, outcome: 'written' };
    const error = { type: item.error?.type ?? 'unknown', reason: item.error?.reason ?? '' };
    if (item.status === 409) return { ...base, outcome: 'version-conflict', error };
    if (item.status === 404 && 'kind' in operations[i]) return { ...base, outcome: 'missing', error };
    return { ...base, outcome: isRetriableStatus(item.status) ? 'retriable' : 'rejected', error };
  });
}

interface RawMgetDoc {
  _id: string;
  found?: boolean;
  _version?: number;
  _source?: Record<string, unknown>;
}

export function parseMget(docs: RawMgetDoc[]): Map<string, StoredDocument> {
  const found = new Map<string, StoredDocument>();
  for (const doc of docs) {
    if (doc.found && doc._source) found.set(doc._id, { id: doc._id, version: doc._version ?? 0, source: doc._source });
  }
  return found;
}

interface RawSearchBody {
  took?: number;
  hits: {
    total?: number | { value: number; relation?: string };
    hits: Array<{
      _id?: string | null;
      _score?: number | null;
      _source?: Record<string, unknown>;
      sort?: unknown[];
      highlight?: Record<string, string[]>;
    }>;
  };
  aggregations?: Record<string, unknown>;
}

export function parseSearch(body: RawSearchBody): SearchResult {
  const total = body.hits.total;
  return {
    total: typeof total === 'number' ? total : total?.value ?? 0,
    totalRelation: typeof total === 'object' && total.relation === 'gte' ? 'gte' : 'eq',
    hits: body.hits.hits.map((h) => ({
      id: h._id ?? '',
      score: h._score ?? null,
      source: h._source ?? {},
      ...(h.sort && { sort: h.sort }),
      ...(h.highlight && { highlight: h.highlight }),
    })),
    ...(body.aggregations && { aggregations: body.aggregations }),
    ...(body.took !== undefined && { tookMs: body.took }),
  };
}

/** Live and deleted documents of an index's primaries, from an index stats body (metric `docs`). */
export function parseDocumentCounts(body: { _all?: { primaries?: { docs?: { count?: number; deleted?: number } } } }): { live: number; deleted: number } {
  const docs = body._all?.primaries?.docs;
  return { live: Number(docs?.count ?? 0), deleted: Number(docs?.deleted ?? 0) };
}

/** A control record read with the token a conditional write needs. */
export const parseVersioned = (body: { _source?: unknown; _seq_no?: number; _primary_term?: number }): VersionedDocument => ({
  source: (body._source ?? {}) as Record<string, unknown>,
  seqNo: body._seq_no ?? -1,
  primaryTerm: body._primary_term ?? 0,
});

/** Query parameters of a conditional write, the same on both engines. */
export function conditionParams(condition?: WriteCondition): Record<string, unknown> {
  if (!condition) return {};
  if ('ifAbsent' in condition) return { op_type: 'create' };
  return { if_seq_no: condition.ifSeqNo, if_primary_term: condition.ifPrimaryTerm };
}

const statusOf = (err: unknown): number | undefined =>
  (err as { statusCode?: number }).statusCode ?? (err as { meta?: { statusCode?: number } }).meta?.statusCode;

/** Runs a read whose 404 means "no such document" rather than a failure. */
export async function missingAsUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Runs a conditional write whose 409 means "another writer got there first": false instead of a failure. */
export async function conflictAsFalse(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (statusOf(err) === 409) return false;
    throw err;
  }
}
