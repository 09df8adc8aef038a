import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength, validateSync, ValidationError } from 'class-validator';
import { MAPPINGS_DIR } from '../indices/index-definitions';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { registryProblems } from '../projections/registry-check';
import { resolveTopics, TopicSettings } from './topic-settings';
import { blankIsUnset, BoolSetting, IntSetting, trimmed } from './setting-decorators';

/** The service's settings, read from the environment as the operations contract names them. */
export class AppConfig {
  @Transform(trimmed)
  @Matches(/^[^,\s]+:\d{1,5}(,[^,\s]+:\d{1,5})*$/, { message: 'KAFKA_BROKERS must be comma-separated host:port pairs' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @IsString() @MinLength(1) KAFKA_CLIENT_ID = 'search-indexer';
  @IsString() @MinLength(1) KAFKA_GROUP_ID = 'search-indexer';

  @Transform(blankIsUnset) @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'], { message: 'KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512' })
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  @Transform(blankIsUnset) @IsOptional() @IsString() KAFKA_SASL_USERNAME?: string;
  @Transform(blankIsUnset) @IsOptional() @IsString() KAFKA_SASL_PASSWORD?: string;
  @BoolSetting() KAFKA_SSL?: boolean;

  @IsIn(['elasticsearch', 'opensearch'], { message: 'SEARCH_ENGINE must be elasticsearch or opensearch' })
  SEARCH_ENGINE: 'elasticsearch' | 'opensearch' = 'opensearch';
  @Transform(trimmed)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'SEARCH_URL must be an http(s) URL such as http://127.0.0.1:9200' })
  SEARCH_URL = 'http://127.0.0.1:9200';
  @Transform(blankIsUnset) @IsOptional() @IsString() SEARCH_USERNAME?: string;
  @Transform(blankIsUnset) @IsOptional() @IsString() SEARCH_PASSWORD?: string;
  @Transform(blankIsUnset) @IsOptional() @IsString() SEARCH_API_KEY?: string;
  @Transform(blankIsUnset) @IsOptional() @IsString() SEARCH_CA_CERT?: string;

  /** Source topics by setting (`PRODUCT_TOPIC`, ...), as the projection registry declares them. */
  topics: TopicSettings = {};

  @Transform(({ value }) => (value === undefined ? '' : value))
  @Matches(/^[a-z0-9_-]*$/, { message: 'INDEX_PREFIX must be empty or lower-case letters, digits, - and _' })
  INDEX_PREFIX = '';

  @IntSetting('between 1 and 65535', 1, 65535)
  PORT = 3000;

  @Transform(blankIsUnset) @IsOptional() @IsString() @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  @Transform(blankIsUnset) @IsOptional() @IsString()
  INDEX_MAPPINGS_DIR?: string;

  /** Where the JSON log lines go instead of stdout. */
  @Transform(blankIsUnset) @IsOptional() @IsString()
  LOG_FILE?: string;

  @Transform(blankIsUnset) @IsOptional() @IsString() @MinLength(16, { message: 'CURSOR_SECRET must be at least 16 characters' })
  CURSOR_SECRET?: string;

  @IntSetting('>= 1 (requests per second per client)', 1)
  SEARCH_RATE_LIMIT = 50;

  // False makes the instance a search replica: HTTP only, no consumers, no rebuild taken over. Searches then
  // never wait behind the projector's garbage collections (README "Search replicas").
  @BoolSetting() PROJECTORS_ENABLED = true;

  @BoolSetting() AUTO_REBUILD = false;

  @IntSetting('>= 2000', 2000)
  REBUILD_LOCK_TTL_MS = 30_000;

  @IntSetting('>= 1', 1)
  REBUILD_KEEP_INDICES = 1;

  @IntSetting('>= 0 (longest a search waits for its consistentWith token, in ms)', 0)
  CONSISTENCY_MAX_WAIT_MS = 5000;

  // One poll per projection and interval serves every request waiting on it.
  @IntSetting('>= 10 (how often waiting requests check the searchable checkpoints, in ms)', 10)
  CONSISTENCY_POLL_MS = 100;

  // After a replay (the live group catching up from far behind, a rebuild's), merge away the deleted copies of
  // documents it rewrote (src/projector/catch-up-compaction.ts).
  @BoolSetting() EXPUNGE_DELETES_AFTER_REPLAY = true;

  // A caught-up consumer's fetch returns as soon as KAFKA_FETCH_MIN_BYTES wait, or after KAFKA_FETCH_MAX_WAIT_MS
  // when nothing comes. One byte: every message leaves at once. Gathering 256 KiB (up to 200 ms) made batches
  // five times larger but doubled publish -> stored at p99 and did not lower the engine's CPU (bench/live-load.ts
  // at 2,000 events/s on 166k products, README "Freshness").
  @IntSetting('>= 10 (longest the broker holds a fetch for KAFKA_FETCH_MIN_BYTES, in ms)', 10)
  KAFKA_FETCH_MAX_WAIT_MS = 200;

  @IntSetting('>= 1 (bytes a fetch waits for)', 1)
  KAFKA_FETCH_MIN_BYTES = 1;

  // A replay holds a whole fetch, decoded, while it folds it. 2 MiB instead of kafkajs's 10 cost no CPU per event
  // in the 1M replay and lowered its peak RSS a little (clearly only with a small young generation; README).
  // A message larger than this still arrives, alone (the broker returns a fetch's first batch whatever its size).
  @IntSetting('>= 1024 (bytes one fetch brings at most, all partitions together)', 1024)
  KAFKA_FETCH_MAX_BYTES = 2 * 1024 * 1024;

  // Write-behind while catching up: a partition whose lag is above WRITE_BEHIND_MIN_LAG folds many batches
  // in memory and stores them together, each limit (per partition) forcing a flush. The defaults let a
  // partition of ~30k aggregates fold a whole replay before it writes (each document once, ~0.9 KB of heap
  // per held document): in the 1M-event bench, 10k documents and 10 s meant ~3.6 writes per document and
  // twice the engine CPU. 60 s is Kafka Connect's offset flush interval, the longest a sink usually holds work.
  @IntSetting('>= 0 (messages behind the partition end)', 0)
  WRITE_BEHIND_MIN_LAG = 2000;

  @IntSetting('>= 1 (documents waiting per partition)', 1)
  WRITE_BEHIND_MAX_DOCS = 30_000;

  @IntSetting('>= 1024 (source bytes folded per partition before a flush)', 1024)
  WRITE_BEHIND_MAX_BYTES = 64 * 1024 * 1024;

  @IntSetting('>= 10 (longest a folded event waits to be stored)', 10)
  WRITE_BEHIND_MAX_MS = 60_000;

  // Partitions of one projection that fold write-behind at once; the others wait, paused, for their turn. A replay
  // holds the document states of these only: all at once (0), the bench's 1M replay peaked at ~800 MiB, at 2 ~570.
  @IntSetting('>= 0 (partitions catching up at once per projection; 0: all)', 0)
  WRITE_BEHIND_PARTITIONS = 2;

  // kafkajs's fetcher waits for every batch of a fetch: with two members, one folds while the other's flush is stored.
  @IntSetting('>= 1 (kafkajs consumers per projection in this process)', 1)
  KAFKA_CONSUMERS_PER_PROJECTION = 2;

  // Document states a caught-up partition keeps (the aggregates that changed last), so their next events need
  // no read. A replay gathers every aggregate's; kept, that heap slowed every later collection (README).
  @IntSetting('>= 0 (documents per partition)', 0)
  CAUGHT_UP_CACHE_DOCS = 1000;

  // What a gap in an aggregate's versions that stays open longer than GAP_MAX_WAIT_MS does: keep waiting for
  // the missing versions (the default), or apply what is parked over it and report it.
  @IsIn(['wait', 'apply'], { message: 'GAP_POLICY must be wait or apply' })
  GAP_POLICY: 'wait' | 'apply' = 'wait';

  @IntSetting('>= 1000', 1000)
  GAP_MAX_WAIT_MS = 600_000;

  // Below `docker stop`'s and compose's 10 s grace, so the service says why it gave up before a SIGKILL does.
  @IntSetting('>= 100 (longest a SIGTERM/SIGINT shutdown may take before the process exits 1, in ms)', 100)
  SHUTDOWN_TIMEOUT_MS = 8000;
}

/** How a projection's consumer fetches, as it takes them. */
export const fetchSettings = (config: AppConfig) => ({
  maxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
  minBytes: config.KAFKA_FETCH_MIN_BYTES,
  maxBytes: config.KAFKA_FETCH_MAX_BYTES,
});

/** The write-behind settings as the projection consumer takes them. */
export const writeBehindSettings = (config: AppConfig) => ({
  minLag: config.WRITE_BEHIND_MIN_LAG,
  maxDocuments: config.WRITE_BEHIND_MAX_DOCS,
  maxBytes: config.WRITE_BEHIND_MAX_BYTES,
  maxMs: config.WRITE_BEHIND_MAX_MS,
  partitions: config.WRITE_BEHIND_PARTITIONS,
  caughtUpDocuments: config.CAUGHT_UP_CACHE_DOCS,
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const describe = (errors: ValidationError[]): string[] =>
  errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${m} (got ${JSON.stringify(e.value)})`));

/**
 * Reads and validates the environment, and checks the projection registry it serves (topic settings come
 * from there); throws a ConfigError naming every bad setting.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, projections: readonly Projection[] = PROJECTIONS): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // Only the settings: the rest of the environment (PATH, HOME, topic settings) must not ride along on it.
  const known = new Set(Object.keys(new AppConfig()).filter((k) => k !== 'topics'));
  const config = plainToInstance(AppConfig, Object.fromEntries(Object.entries(defined).filter(([k]) => known.has(k))), { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { skipMissingProperties: false }));
  const { topics, problems: topicProblems } = resolveTopics(defined, projections);
  problems.push(...topicProblems, ...registryProblems(projections, config.INDEX_MAPPINGS_DIR ?? MAPPINGS_DIR));
  if (problems.length > 0) throw new ConfigError(problems);
  config.topics = topics;
  return config;
}

/** The configuration as the environment variables loadConfig reads (to start another process with it). */
export function toEnvironment(config: AppConfig): Record<string, string> {
  const { topics, ...settings } = config;
  const plain = Object.entries(settings).filter(([, v]) => v !== undefined && typeof v !== 'object');
  return { ...Object.fromEntries(plain.map(([k, v]) => [k, String(v)])), ...topics };
}
