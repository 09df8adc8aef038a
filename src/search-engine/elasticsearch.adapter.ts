import { Client } from '@elastic/elasticsearch';
import type * as Port from './search-engine.port';
import { guarded } from './search-engine.error';
import { EngineConnection, EXPUNGE_TIMEOUT_MS } from './connection-options';
import { conditionParams, conflictAsFalse, missingAsUndefined, parseBulkItems, parseVersioned, parseMget, parseSearch, parseDocumentCounts, toBulkLines, BULK_ANSWER_FIELDS } from './wire-format';

// The Elasticsearch client types each request field by field; our bodies are built from the shared
// wire format, so they pass through as the client's own request type.
type AnyBody = never;

/** Adapter over the official Elasticsearch client (8.19.x speaks to Elasticsearch 8 and 9). */
export class ElasticsearchAdapter implements Port.SearchEngine {
  private readonly client: Client;

  constructor(connection: EngineConnection) {
    this.client = new Client({
      node: connection.node,
      // The projector retries with its own backoff and health reporting; client retries would hide outages.
      maxRetries: 0,
      requestTimeout: connection.requestTimeoutMs,
      ...(connection.auth && { auth: connection.auth }),
      ...(connection.ca && { tls: { ca: connection.ca } }),
    });
  }

  info(): Promise<Port.EngineInfo> {
    return guarded('info', async () => {
      const body = await this.client.info();
      return { distribution: 'elasticsearch', version: body.version.number };
    });
  }

  createIndex(name: string, definition: Port.IndexDefinition): Promise<void> {
    return guarded(`create index ${name}`, async () => {
      await this.client.indices.create({ index: name, ...definition } as AnyBody);
    });
  }

  deleteIndex(name: string): Promise<void> {
    return guarded(`delete index ${name}`, async () => {
      await this.client.indices.delete({ index: name, ignore_unavailable: true });
    });
  }

  indexExists(name: string): Promise<boolean> {
    return guarded(`index exists ${name}`, () => this.client.indices.exists({ index: name }));
  }

  listIndices(pattern: string): Promise<string[]> {
    return guarded(`list indices ${pattern}`, async () => {
      const body = await this.client.indices.get({ index: pattern, allow_no_indices: true, expand_wildcards: 'open' });
      return Object.keys(body).sort();
    });
  }

  getMeta(index: string): Promise<Record<string, unknown> | undefined> {
    return guarded(`get mapping ${index}`, async () => {
      const body = await this.client.indices.getMapping({ index });
      return Object.values(body)[0]?.mappings?._meta as Record<string, unknown> | undefined;
    });
  }

  putSettings(index: string, settings: Record<string, unknown>): Promise<void> {
    return guarded(`put settings ${index}`, async () => {
      await this.client.indices.putSettings({ index, settings: settings as AnyBody });
    });
  }

  putMapping(index: string, properties: Record<string, unknown>): Promise<void> {
    return guarded(`put mapping ${index}`, async () => {
      await this.client.indices.putMapping({ index, properties: properties as AnyBody });
    });
  }

  aliasTargets(alias: string): Promise<string[]> {
    return guarded(`get alias ${alias}`, async () => {
      if (!(await this.client.indices.existsAlias({ name: alias }))) return [];
      return Object.keys(await this.client.indices.getAlias({ name: alias })).sort();
    });
  }

  updateAliases(actions: Port.AliasAction[]): Promise<void> {
    return guarded('update aliases', async () => {
      await this.client.indices.updateAliases({ actions: actions as AnyBody });
    });
  }

  bulk(operations: Port.BulkOperation[], options: { refresh?: boolean } = {}): Promise<Port.BulkItemResult[]> {
    if (operations.length === 0) return Promise.resolve([]);
    return guarded('bulk', async () => {
      const body = await this.client.bulk({ operations: toBulkLines(operations) as AnyBody, refresh: options.refresh ?? false, filter_path: BULK_ANSWER_FIELDS });
      return parseBulkItems(body.items as AnyBody, operations);
    });
  }

  mget(index: string, ids: string[]): Promise<Map<string, Port.StoredDocument>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    return guarded(`mget ${index}`, async () => {
      const body = await this.client.mget({ index, ids });
      return parseMget(body.docs as AnyBody);
    });
  }

  search(index: string, request: Record<string, unknown>, options: Port.SearchOptions = {}): Promise<Port.SearchResult> {
    return guarded(`search ${index}`, async () => parseSearch((await this.client.search({ index, ...options, ...request } as AnyBody)) as AnyBody));
  }

  count(index: string, query?: Record<string, unknown>): Promise<number> {
    return guarded(`count ${index}`, async () => (await this.client.count({ index, ...(query && { query: query as AnyBody }) })).count);
  }

  refresh(index: string): Promise<void> {
    return guarded(`refresh ${index}`, async () => {
      await this.client.indices.refresh({ index });
    });
  }

  documentCounts(index: string): Promise<{ live: number; deleted: number }> {
    return guarded(`stats ${index}`, async () => parseDocumentCounts((await this.client.indices.stats({ index, metric: 'docs' })) as AnyBody));
  }

  expungeDeletes(index: string): Promise<void> {
    return guarded(`forcemerge ${index}`, async () => {
      await this.client.indices.flush({ index });
      await this.client.indices.forcemerge({ index, only_expunge_deletes: true }, { requestTimeout: EXPUNGE_TIMEOUT_MS });
    });
  }

  getDocument(index: string, id: string): Promise<Port.VersionedDocument | undefined> {
    return guarded(`get ${index}/${id}`, () => missingAsUndefined(async () => parseVersioned(await this.client.get({ index, id }))));
  }

  putDocument(index: string, id: string, document: Record<string, unknown>, condition?: Port.WriteCondition): Promise<boolean> {
    const params = conditionParams(condition);
    return guarded(`put ${index}/${id}`, () =>
      conflictAsFalse(async () => {
        await this.client.index({ index, id, document, refresh: true, ...params } as AnyBody);
      }),
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
