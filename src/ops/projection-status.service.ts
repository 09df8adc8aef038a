import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { KAFKA, SEARCH_ENGINE } from '../constants';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { ProjectorService } from '../projector/projector.service';
import { RebuildService } from '../rebuild/rebuild.service';
import { SearchEngine } from '../search-engine/search-engine.port';
import { IndexerMetrics } from './metrics';
import { ProjectionReport, ProjectionStatusReader } from './projection-status-reader';

/** Status of every projection for /admin/projections, and the lag gauges refreshed in the background. */
@Injectable()
export class ProjectionStatusService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: ProjectionStatusReader;
  private timer?: NodeJS.Timeout;

  constructor(
    config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SEARCH_ENGINE) engine: SearchEngine,
    private readonly projector: ProjectorService,
    private readonly rebuilds: RebuildService,
    private readonly metrics: IndexerMetrics,
  ) {
    this.reader = new ProjectionStatusReader(kafka, engine, config);
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
    const report = await this.reader.read(projection, this.projector.statuses()[projection.name], await this.rebuilds.status(projection));
    for (const p of report.partitions) {
      const labels = { projection: projection.name, topic: report.topic, partition: String(p.partition) };
      this.metrics.endOffset.set(labels, p.endOffset);
      this.metrics.lag.set(labels, p.lag);
      if (p.checkpoint !== null) this.metrics.checkpoint.set(labels, p.checkpoint);
    }
    this.metrics.openGaps.set({ projection: projection.name }, report.gaps.open);
    const age = report.gaps.oldestSince ? (Date.now() - Date.parse(report.gaps.oldestSince)) / 1000 : 0;
    this.metrics.oldestGapAge.set({ projection: projection.name }, age);
    return report;
  }

  all(): Promise<ProjectionReport[]> {
    return Promise.all(PROJECTIONS.map((p) => this.one(p)));
  }
}
