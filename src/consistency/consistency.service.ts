import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { topicsOf } from '../join/feeds';
import { KAFKA, SEARCH_ENGINE } from '../constants';
import { ApiError, badRequest } from '../http/api-error';
import { readAlias } from '../indices/index-names';
import { IndexerMetrics } from '../ops/metrics';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { InvalidConsistencyTokenError, parseConsistencyToken, positionKey, TokenPosition } from './consistency-token';
import { PartitionCounts } from './partition-counts';
import { PositionWatcher, SearchablePositions } from './position-watcher';

/** Routes searches and their position checks to the same shard copies (see PositionWatcher). */
export const CONSISTENCY_PREFERENCE = 'consistent-with';

export interface ConsistencyOutcome {
  satisfied: boolean;
  /** Per token entry, the lowest searchable checkpoint over the projections reading its topic; -1 for none. */
  reached: Record<string, number>;
  /** The physical index each waited-on projection was seen to satisfy the token in. */
  pinned: Map<string, string>;
}

/**
 * Read-your-writes: waits until every event a token names is searchable through the read alias of every
 * projection reading its topic. One watcher per projection serves all requests waiting on it.
 */
@Injectable()
export class ConsistencyService {
  private readonly watchers = new Map<string, PositionWatcher>();
  private readonly partitions: PartitionCounts;

  constructor(
    private readonly config: AppConfig,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(KAFKA) kafka: Kafka,
    private readonly metrics: IndexerMetrics,
  ) {
    this.partitions = new PartitionCounts(kafka);
  }

  /** Parses and checks a token; a 400 names what is wrong with it. */
  async plan(token: string): Promise<Map<Projection, TokenPosition[]>> {
    let positions: TokenPosition[];
    try {
      positions = parseConsistencyToken(token);
    } catch (err) {
      if (err instanceof InvalidConsistencyTokenError) throw invalidToken(err.message);
      throw err;
    }
    const plan = new Map<Projection, TokenPosition[]>();
    for (const position of positions) {
      const readers = PROJECTIONS.filter((p) => topicsOf(this.config, p).includes(position.topic));
      if (readers.length === 0) throw invalidToken(`no projection reads topic '${position.topic}'`);
      if (!(await this.partitions.exists(position.topic, position.partition))) {
        throw invalidToken(`topic '${position.topic}' has no partition ${position.partition}`);
      }
      for (const reader of readers) plan.set(reader, [...(plan.get(reader) ?? []), position]);
    }
    return plan;
  }

  /** Waits at most CONSISTENCY_MAX_WAIT_MS; answers how far each entry got either way. */
  async waitFor(token: string): Promise<ConsistencyOutcome> {
    const plan = await this.plan(token);
    const started = Date.now();
    const deadline = started + this.config.CONSISTENCY_MAX_WAIT_MS;
    const seen = await Promise.all(
      [...plan].map(async ([projection, positions]) => {
        const watcher = this.watcherOf(projection);
        const view = await watcher.waitUntil((s) => positions.every((p) => passed(s, p)), deadline);
        return { projection, positions, view, last: view ?? watcher.lastSeen() };
      }),
    );
    const satisfied = seen.every((s) => s.view !== undefined);
    this.metrics.consistencyWaited(satisfied, (Date.now() - started) / 1000);
    const reached: Record<string, number> = {};
    for (const { positions, last } of seen) {
      for (const p of positions) {
        const key = positionKey(p.topic, p.partition);
        reached[key] = Math.min(reached[key] ?? Number.MAX_SAFE_INTEGER, last?.offsets.get(key) ?? -1);
      }
    }
    const pinned = new Map(seen.filter((s) => s.view).map((s) => [s.projection.name, s.view!.index]));
    return { satisfied, reached, pinned };
  }

  /** As waitFor, but a timeout is the 504 the contract names. */
  async require(token: string): Promise<ConsistencyOutcome> {
    const outcome = await this.waitFor(token);
    if (!outcome.satisfied) throw new ConsistencyTimeoutError(this.config.CONSISTENCY_MAX_WAIT_MS, outcome.reached);
    return outcome;
  }

  private watcherOf(projection: Projection): PositionWatcher {
    let watcher = this.watchers.get(projection.name);
    if (!watcher) {
      watcher = new PositionWatcher(this.engine, readAlias(this.config.INDEX_PREFIX, projection), {
        pollMs: this.config.CONSISTENCY_POLL_MS,
        nudgeBeforeMs: Math.min(1000, this.config.CONSISTENCY_MAX_WAIT_MS / 4),
        preference: CONSISTENCY_PREFERENCE,
        onPoll: (ok) => this.metrics.consistencyPolled(projection.name, ok),
      });
      this.watchers.set(projection.name, watcher);
    }
    return watcher;
  }
}

const passed = (seen: SearchablePositions, p: TokenPosition): boolean => (seen.offsets.get(positionKey(p.topic, p.partition)) ?? -1) >= p.offset;

const invalidToken = (message: string) => badRequest('invalid_consistency_token', `consistentWith: ${message}`);

export class ConsistencyTimeoutError extends ApiError {
  constructor(waitedMs: number, reached: Record<string, number>) {
    super(HttpStatus.GATEWAY_TIMEOUT, 'consistency_timeout', `the positions asked for were not searchable within ${waitedMs} ms`, { reached });
  }
}
