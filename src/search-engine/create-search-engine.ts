import { AppConfig } from '../config/app-config';
import { engineConnection } from './connection-options';
import { SearchEngine } from './search-engine.port';

/**
 * Picks the adapter for SEARCH_ENGINE; the rest of the service only ever sees the port. Only the chosen
 * client is loaded: each takes 0.2–0.3 s of CPU and several MB at start, paid by every replay.
 */
export function createSearchEngine(config: AppConfig): SearchEngine {
  const connection = engineConnection(config);
  if (config.SEARCH_ENGINE === 'elasticsearch') {
    const { ElasticsearchAdapter } = require('./elasticsearch.adapter') as typeof import('./elasticsearch.adapter');
    return new ElasticsearchAdapter(connection);
  }
  const { OpenSearchAdapter } = require('./opensearch.adapter') as typeof import('./opensearch.adapter');
  return new OpenSearchAdapter(connection);
}
