import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA, SEARCH_ENGINE } from '../constants';
import { SearchEngine } from '../search-engine/search-engine.port';
import { ProjectorService } from '../projector/projector.service';

// The timer is cleared once the check settles: left running, each check held the process (or a test run) for 3 s.
const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};

/** The three things `ready` depends on: Kafka answers, the engine answers, no projection is stuck. */
@Injectable()
export class ReadinessIndicators implements OnApplicationShutdown {
  private admin?: Admin;
  /** Set at shutdown: a check still in flight must not leave a connection to the broker behind it. */
  private closed = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly projector: ProjectorService,
  ) {}

  async kafkaReachable() {
    const indicator = this.indicators.check('kafka');
    if (this.closed) return indicator.down({ reason: 'shutting down' });
    try {
      const admin = (this.admin ??= this.kafka.admin({ retry: { retries: 0 } }));
      await withTimeout(admin.connect().then(() => admin.describeCluster()), 3000, 'kafka');
      // The shutdown hook's disconnect may have come while this connect was under way.
      if (this.closed) await admin.disconnect().catch(() => undefined);
      return indicator.up();
    } catch (err) {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return indicator.down({ reason: (err as Error).message });
    }
  }

  async engineReachable() {
    const indicator = this.indicators.check('searchEngine');
    try {
      const info = await withTimeout(this.engine.info(), 3000, 'search engine');
      return indicator.up({ distribution: info.distribution, version: info.version });
    } catch (err) {
      return indicator.down({ reason: (err as Error).message });
    }
  }

  projectionsHealthy() {
    const indicator = this.indicators.check('projections');
    const statuses = this.projector.statuses();
    const troubled = Object.entries(statuses).filter(([, s]) => s.state === 'failed' || s.state === 'retrying');
    const summary = Object.fromEntries(Object.entries(statuses).map(([name, s]) => [name, { state: s.state, ...(s.reason && { reason: s.reason }) }]));
    return troubled.length === 0 ? indicator.up(summary) : indicator.down(summary);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.admin?.disconnect().catch(() => undefined);
  }
}
