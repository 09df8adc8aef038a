import { AppConfig } from '../config/app-config';
import { engineConnection } from './connection-options';
import { ElasticsearchAdapter } from './elasticsearch.adapter';
import { OpenSearchAdapter } from './opensearch.adapter';
import { SearchEngine } from './search-engine.port';

/** Picks the adapter for SEARCH_ENGINE; the rest of the service only ever sees the port. */
export function createSearchEngine(config: AppConfig): SearchEngine {
  const connection = engineConnection(config);
  return config.SEARCH_ENGINE === 'elasticsearch' ? new ElasticsearchAdapter(connection) : new OpenSearchAdapter(connection);
}
