import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { topicOf } from '../config/topic-settings';
import { PinoLogger } from 'nestjs-pino';
import { Kafka, Producer } from 'kafkajs';
import { AppConfig, fetchSettings, writeBehindSettings } from '../config/app-config';
import { DEAD_LETTER_PRODUCER, KAFKA, SEARCH_ENGINE } from '../constants';
import { PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { feedName, feedsOf } from '../join/feeds';
import { SearchEngine } from '../search-engine/search-engine.port';
import { BatchProjector } from './batch-projector';
import { CheckpointStore } from './checkpoint-store';
import { ProjectionConsumer } from './projection-consumer';
import { ProjectionStatus } from './projection-status';
import { StartOnce } from '../shared/start-once';

/** Starts one consumer group per projection (and per joined topic) after boot and stops them, leaving their groups, on shutdown. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: ProjectionConsumer[];
  private readonly lifecycle = new StartOnce(3_000);

  constructor(
    config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SEARCH_ENGINE) engine: SearchEngine,
    @Inject(DEAD_LETTER_PRODUCER) private readonly producer: Producer,
    batchProjector: BatchProjector,
    checkpoints: CheckpointStore,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('Projector');
    const feeds = config.PROJECTORS_ENABLED ? PROJECTIONS.flatMap(feedsOf) : [];
    this.consumers = feeds.map(
      (projection) =>
        new ProjectionConsumer({
          kafka,
          engine,
          projection,
          topic: topicOf(config, projection),
          groupId: `${config.KAFKA_GROUP_ID}.${feedName(projection)}`,
          indexPrefix: config.INDEX_PREFIX,
          writeBehind: writeBehindSettings(config),
          members: config.KAFKA_CONSUMERS_PER_PROJECTION,
          fetch: fetchSettings(config),
          expungeDeletesAfterReplay: config.EXPUNGE_DELETES_AFTER_REPLAY,
          batchProjector,
          checkpoints,
          log: (level, msg, fields) => this.logger[level](fields ?? {}, msg),
        }),
    );
  }

  onApplicationBootstrap(): void {
    // Started in the background: HTTP (health, search) must answer while Kafka or the engine is still down.
    void this.lifecycle.start(() => this.startAll());
  }

  /** After HTTP has closed: a read-your-writes request still waiting can see the projector reach its position. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.lifecycle.stop(), ...this.consumers.map((c) => c.stop())]);
    // The dead-letter producer is this service's to close (it connects it), once the start has settled or been given up.
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Each consumer's status: a projection's own and, for a join, each feed's (`dance-events~hall`). */
  statuses(): Record<string, ProjectionStatus> {
    return Object.fromEntries(this.consumers.map((c) => [c.name, c.status]));
  }

  /** A projection's status: its own consumer's, unless one of its feeds is in trouble. */
  statusOf(projection: Projection): ProjectionStatus | undefined {
    const all = this.statuses();
    const feeds = feedsOf(projection).map((f) => all[feedName(f)]).filter((s): s is ProjectionStatus => s !== undefined);
    return feeds.find((s) => s.state !== 'running') ?? feeds[0];
  }

  private async startAll(): Promise<void> {
    await this.producer.connect().catch((err: Error) => this.logger.warn({ error: err.message }, 'dead-letter producer not connected yet'));
    // Connected only after the shutdown's disconnect (a broker slow to answer, past the stop's grace): undone here.
    if (this.lifecycle.stopping) return void (await this.producer.disconnect().catch(() => undefined));
    await Promise.all(
      this.consumers.map((c) =>
        c.start().catch((err: Error) => this.logger.error({ projection: c.name, error: err.message }, 'projection failed to start')),
      ),
    );
  }
}
