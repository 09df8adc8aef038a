import { readFileSync } from 'node:fs';
import { AppConfig } from '../config/app-config';

/** What both official clients need to reach a cluster, read once from the configuration. */
export interface EngineConnection {
  node: string;
  auth?: { username: string; password: string } | { apiKey: string };
  ca?: string;
  requestTimeoutMs: number;
}

export function engineConnection(config: AppConfig): EngineConnection {
  const auth = config.SEARCH_API_KEY
    ? { apiKey: config.SEARCH_API_KEY }
    : config.SEARCH_USERNAME
      ? { username: config.SEARCH_USERNAME, password: config.SEARCH_PASSWORD ?? '' }
      : undefined;
  return {
    node: config.SEARCH_URL,
    auth,
    ca: config.SEARCH_CA_CERT ? readFileSync(config.SEARCH_CA_CERT, 'utf8') : undefined,
    requestTimeoutMs: 30_000,
  };
}

/** A merge of a large index takes minutes; its request must outlive the usual request timeout. */
export const EXPUNGE_TIMEOUT_MS = 30 * 60_000;
