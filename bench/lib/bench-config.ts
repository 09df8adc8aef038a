import { AppConfig, loadConfig } from '../../src/config/app-config';
import { PROJECTIONS } from '../../src/projections';

/**
 * The service's configuration for a benchmark of its own: every topic, index and the consumer groups under
 * `prefix` (which ends in `-`), warn-level logs, no search rate limit, and BENCH_PORT or `port`.
 */
export const benchConfig = (prefix: string, port: string, extra: Record<string, string> = {}): AppConfig =>
  loadConfig({
    ...process.env,
    ...Object.fromEntries(PROJECTIONS.map((p) => [p.topic.setting, `${prefix}${p.topic.defaultName}`])),
    INDEX_PREFIX: prefix,
    KAFKA_GROUP_ID: prefix.replace(/-$/, ''),
    LOG_LEVEL: 'warn',
    SEARCH_RATE_LIMIT: '1000000',
    PORT: process.env.BENCH_PORT ?? port,
    ...extra,
  });
