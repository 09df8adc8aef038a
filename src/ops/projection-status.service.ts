import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { KAFKA, SEARCH_ENGINE } from '../constants';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { ProjectorService } from '../projector/projector.service';
import { RebuildService } from '../rebuild/rebuild.service';
import { SearchEngine } from '../search-engine/search-engine.port';
import { PinoLogger } from 'nestjs-pino';
import { IndexerMetrics } from './metrics';
import { listOpenGaps } from './open-gaps';
import { resolveGap } from './gap-resolver';
import { feedOfDocument } from '../join/feeds';
import { ProjectionReport, ProjectionStatusReader } from './projection-status-reader';

/** Status of every projection for /admin/projections, and the lag gauges refreshed in the background. */
@Injectable()
export class ProjectionStatusService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: ProjectionStatusReader;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly projector: ProjectorService,
    private readonly rebuilds: RebuildService,
    private readonly metrics: IndexerMetrics,
    private readonly logger: PinoLogger,
  ) {
    this.reader = new ProjectionStatusReader(kafka, engine, config);
    this.logger.setContext('Gaps');
  }

  onApplicationBootstrap(): void {
    // Lag is the end offset against the checkpoint in the engine; sampled, not computed per batch.
    this.timer = setInterval(() => void this.all().catch(() => undefined), 5_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async one(projection: Projection): Promise<ProjectionReport> {
    const report = await this.reader.read(projection, this.projector.statusOf(projection), await this.rebuilds.status(projection));
    for (const p of report.partitions) {
      const labels = { projection: projection.name, topic: p.topic, partition: String(p.partition) };
      this.metrics.endOffset.set(labels, p.endOffset);
      this.metrics.lag.set(labels, p.lag);
      if (p.checkpoint !== null) this.metrics.checkpoint.set(labels, p.checkpoint);
    }
    this.metrics.openGaps.set({ projection: projection.name }, report.gaps.open);
    if (this.config.GAP_POLICY === 'apply' && report.activeIndex) await this.applyOldGaps(projection, report.activeIndex);
    const age = report.gaps.oldestSince ? (Date.now() - Date.parse(report.gaps.oldestSince)) / 1000 : 0;
    this.metrics.oldestGapAge.set({ projection: projection.name }, age);
    return report;
  }

  /** GAP_POLICY=apply: gaps open longer than GAP_MAX_WAIT_MS get their parked events applied, loudly. */
  private async applyOldGaps(projection: Projection, index: string): Promise<void> {
    const before = new Date(Date.now() - this.config.GAP_MAX_WAIT_MS).toISOString();
    for (const gap of await listOpenGaps(this.engine, index, 100, before)) {
      const resolution = await resolveGap(this.engine, feedOfDocument(projection, gap.id), index, gap.id);
      if (!resolution?.applied.length) continue;
      this.metrics.gapsResolved.inc({ projection: projection.name });
      this.logger.warn({ projection: projection.name, document: gap.id, missing: gap.waitingFor, applied: resolution.applied, skipped: resolution.skipped }, 'gap open too long; parked events applied over it (GAP_POLICY=apply)');
    }
  }

  all(): Promise<ProjectionReport[]> {
    return Promise.all(PROJECTIONS.map((p) => this.one(p)));
  }
}
