import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Kafka } from 'kafkajs';
import { hostname } from 'node:os';
import { AppConfig } from '../config/app-config';
import { KAFKA, PROJECTION_OBSERVER, SEARCH_ENGINE } from '../constants';
import { ProjectionObserver } from '../projector/projection-observer';
import { loadIndexDefinition, metaMatches } from '../indices/index-definitions';
import { readAlias } from '../indices/index-names';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { BatchProjector } from '../projector/batch-projector';
import { CheckpointStore } from '../projector/checkpoint-store';
import { SearchEngine } from '../search-engine/search-engine.port';
import { BlueGreenRebuild } from './blue-green-rebuild';
import { RebuildRecord } from './rebuild-record';
import { createRebuilds } from './create-rebuilds';

/** The rebuild machinery inside the service: admin routes start and abort it; abandoned rebuilds resume on start. */
@Injectable()
export class RebuildService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly rebuilds: BlueGreenRebuild;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    batchProjector: BatchProjector,
    checkpoints: CheckpointStore,
    @Inject(PROJECTION_OBSERVER) observer: ProjectionObserver,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('Rebuild');
    this.rebuilds = createRebuilds({
      kafka,
      engine,
      config,
      observer,
      projector: { batchProjector, checkpoints },
      owner: `${hostname()}:${process.pid}`,
      log: (level, msg, fields) => this.logger[level](fields ?? {}, msg),
    }).rebuilds;
  }

  onApplicationBootstrap(): void {
    // A search replica takes on no replay; a rebuild asked of it through /admin still runs here.
    if (!this.config.PROJECTORS_ENABLED) return;
    void this.resumeOrStart().catch((err: Error) => this.logger.warn({ error: err.message }, 'rebuild check at start failed'));
    // A rebuild whose owner died is picked up by whichever instance notices its expired lock first.
    this.timer = setInterval(
      () => void this.rebuilds.resumeAbandoned(PROJECTIONS).catch(() => undefined),
      Math.max(1000, this.config.REBUILD_LOCK_TTL_MS / 2),
    );
    this.timer.unref();
  }

  /** Before the clients close: a rebuild's start under way must see the stop, not a closed engine client. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.rebuilds.stopAll();
  }

  start(projection: Projection): Promise<RebuildRecord> {
    return this.rebuilds.start(projection);
  }

  abort(projection: Projection): Promise<RebuildRecord> {
    return this.rebuilds.abort(projection);
  }

  status(projection: Projection): Promise<RebuildRecord | undefined> {
    return this.rebuilds.status(projection);
  }

  private async resumeOrStart(): Promise<void> {
    await this.rebuilds.resumeAbandoned(PROJECTIONS);
    if (!this.config.AUTO_REBUILD) return;
    for (const projection of PROJECTIONS) {
      const active = (await this.engine.aliasTargets(readAlias(this.config.INDEX_PREFIX, projection)))[0];
      if (!active) continue;
      const expected = loadIndexDefinition(projection, this.config.INDEX_MAPPINGS_DIR).meta;
      if (!metaMatches(await this.engine.getMeta(active), expected)) {
        this.logger.info({ projection: projection.name, index: active }, 'mappings or projection changed; AUTO_REBUILD starts a rebuild');
        await this.rebuilds.start(projection).catch((err: Error) => this.logger.info({ projection: projection.name, error: err.message }, 'auto rebuild not started'));
      }
    }
  }
}
