import { Client, Connection, ConnectionPool } from '@opensearch-project/opensearch';
import type * as Port from './search-engine.port';
import { guarded } from './search-engine.error';
import { EngineConnection, EXPUNGE_TIMEOUT_MS } from './connection-options';
import { conditionParams, conflictAsFalse, missingAsUndefined, parseBulkItems, parseVersioned, parseMget, parseSearch, parseDocumentCounts, toBulkLines, BULK_ANSWER_FIELDS } from './wire-format';

// The OpenSearch client types every request body field by field; our bodies are built from the
// shared wire format, so they pass through as the client's own request type.
type AnyBody = never;

/**
 * The client's default pool marks a failed node dead and only tries it again after a resurrect timeout
 * that grows to minutes, and while its resurrect ping is in flight it hands out no connection at all.
 * With one endpoint (a node or a load balancer) that turns a short outage into a long one; the projector
 * has its own backoff, so the endpoint is never taken out of the pool.
 */
class SingleEndpointPool extends ConnectionPool {
  override markDead(_connection: Connection): this {
    return this;
  }
}

/**
 * OpenSearch, unlike Elasticsearch (which turns it off in its engine), makes each refresh wait, up to 10 s,
 * for a merge of the small segments the refreshes before it wrote. Every ~10 refreshes one stalls for a
 * second or more under ingest, and nothing stored meanwhile is found by a search until it ends: at 2,000
 * events/s the freshness p99 was 1.8–2.5 s with it, 1.3–1.7 s without. The background merges still run.
 */
const NO_MERGE_ON_REFRESH = { 'index.merge_on_flush.enabled': false };

/** Adapter over the official OpenSearch client (`@opensearch-project/opensearch`). */
export class OpenSearchAdapter implements Port.SearchEngine {
  private readonly client: Client;

  constructor(connection: EngineConnection) {
    const { auth } = connection;
    this.client = new Client({
      node: connection.node,
      // The projector retries with its own backoff and health reporting; client retries would hide outages.
      maxRetries: 0,
      requestTimeout: connection.requestTimeoutMs,
      ConnectionPool: SingleEndpointPool,
      ...(auth && 'username' in auth && { auth }),
      ...(auth && 'apiKey' in auth && { headers: { authorization: `ApiKey ${auth.apiKey}` } }),
      ...(connection.ca && { ssl: { ca: connection.ca } }),
    });
  }

  info(): Promise<Port.EngineInfo> {
    return guarded('info', async () => {
      const { body } = await this.client.info();
      return { distribution: 'opensearch', version: body.version.number };
    });
  }

  createIndex(name: string, definition: Port.IndexDefinition): Promise<void> {
    return guarded(`create index ${name}`, async () => {
      const settings = { ...definition.settings, ...NO_MERGE_ON_REFRESH };
      await this.client.indices.create({ index: name, body: { ...definition, settings } as AnyBody });
    });
  }

  deleteIndex(name: string): Promise<void> {
    return guarded(`delete index ${name}`, async () => {
      await this.client.indices.delete({ index: name, ignore_unavailable: true });
    });
  }

  indexExists(name: string): Promise<boolean> {
    return guarded(`index exists ${name}`, async () => (await this.client.indices.exists({ index: name })).body === true);
  }

  listIndices(pattern: string): Promise<string[]> {
    return guarded(`list indices ${pattern}`, async () => {
      const { body } = await this.client.indices.get({ index: pattern, allow_no_indices: true, expand_wildcards: 'open' });
      return Object.keys(body).sort();
    });
  }

  getMeta(index: string): Promise<Record<string, unknown> | undefined> {
    return guarded(`get mapping ${index}`, async () => {
      const { body } = await this.client.indices.getMapping({ index });
      const mapping = Object.values(body)[0] as { mappings?: { _meta?: Record<string, unknown> } } | undefined;
      return mapping?.mappings?._meta;
    });
  }

  putSettings(index: string, settings: Record<string, unknown>): Promise<void> {
    return guarded(`put settings ${index}`, async () => {
      await this.client.indices.putSettings({ index, body: settings as AnyBody });
    });
  }

  putMapping(index: string, properties: Record<string, unknown>): Promise<void> {
    return guarded(`put mapping ${index}`, async () => {
      await this.client.indices.putMapping({ index, body: { properties } as AnyBody });
    });
  }

  aliasTargets(alias: string): Promise<string[]> {
    return guarded(`get alias ${alias}`, async () => {
      const exists = await this.client.indices.existsAlias({ name: alias });
      if (exists.body !== true) return [];
      const { body } = await this.client.indices.getAlias({ name: alias });
      return Object.keys(body).sort();
    });
  }

  updateAliases(actions: Port.AliasAction[]): Promise<void> {
    return guarded('update aliases', async () => {
      await this.client.indices.updateAliases({ body: { actions } as AnyBody });
    });
  }

  bulk(operations: Port.BulkOperation[], options: { refresh?: boolean } = {}): Promise<Port.BulkItemResult[]> {
    if (operations.length === 0) return Promise.resolve([]);
    return guarded('bulk', async () => {
      const { body } = await this.client.bulk({ body: toBulkLines(operations) as AnyBody, refresh: options.refresh ?? false, filter_path: BULK_ANSWER_FIELDS });
      return parseBulkItems(body.items as AnyBody, operations);
    });
  }

  mget(index: string, ids: string[]): Promise<Map<string, Port.StoredDocument>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    return guarded(`mget ${index}`, async () => {
      const { body } = await this.client.mget({ index, body: { ids } });
      return parseMget(body.docs as AnyBody);
    });
  }

  search(index: string, request: Record<string, unknown>, options: Port.SearchOptions = {}): Promise<Port.SearchResult> {
    return guarded(`search ${index}`, async () => {
      const { body } = await this.client.search({ index, ...options, body: request as AnyBody });
      return parseSearch(body as AnyBody);
    });
  }

  count(index: string, query?: Record<string, unknown>): Promise<number> {
    return guarded(`count ${index}`, async () => {
      const { body } = await this.client.count({ index, body: (query ? { query } : {}) as AnyBody });
      return body.count;
    });
  }

  refresh(index: string): Promise<void> {
    return guarded(`refresh ${index}`, async () => {
      await this.client.indices.refresh({ index });
    });
  }

  documentCounts(index: string): Promise<{ live: number; deleted: number }> {
    return guarded(`stats ${index}`, async () => parseDocumentCounts((await this.client.indices.stats({ index, metric: 'docs' })).body as AnyBody));
  }

  expungeDeletes(index: string): Promise<void> {
    return guarded(`forcemerge ${index}`, async () => {
      await this.client.indices.flush({ index });
      await this.client.indices.forcemerge({ index, only_expunge_deletes: true }, { requestTimeout: EXPUNGE_TIMEOUT_MS });
    });
  }

  getDocument(index: string, id: string): Promise<Port.VersionedDocument | undefined> {
    return guarded(`get ${index}/${id}`, () => missingAsUndefined(async () => parseVersioned((await this.client.get({ index, id })).body)));
  }

  putDocument(index: string, id: string, document: Record<string, unknown>, condition?: Port.WriteCondition): Promise<boolean> {
    const params = conditionParams(condition);
    return guarded(`put ${index}/${id}`, () =>
      conflictAsFalse(async () => {
        await this.client.index({ index, id, body: document as AnyBody, refresh: true, ...params });
      }),
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
