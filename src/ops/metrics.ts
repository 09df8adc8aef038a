import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type EventOutcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered' | 'parked';

/** Every Prometheus series the service exposes, on its own registry so tests can run several apps. */
export class IndexerMetrics {
  readonly registry = new Registry();

  readonly events = new Counter({
    name: 'indexer_events_total',
    help: 'Events consumed, by projection, event type and outcome',
    labelNames: ['projection', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'indexer_batch_size',
    help: 'Messages per processed partition batch',
    labelNames: ['projection'] as const,
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [this.registry],
  });

  readonly bulkSeconds = new Histogram({
    name: 'indexer_bulk_duration_seconds',
    help: 'Duration of one bulk request (documents plus checkpoint)',
    labelNames: ['projection'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly checkpoint = new Gauge({
    name: 'indexer_checkpoint_offset',
    help: 'Last offset whose effect is stored in the index, per partition',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly endOffset = new Gauge({
    name: 'indexer_end_offset',
    help: 'The topic partition end offset (next offset to be written) at the last check',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly openGaps = new Gauge({
    name: 'indexer_open_gaps',
    help: 'Documents whose events wait above a gap in their versions (a producer reordered or lost events)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly oldestGapAge = new Gauge({
    name: 'indexer_oldest_gap_age_seconds',
    help: 'Age of the oldest open gap; 0 when none is open',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly gapsResolved = new Counter({
    name: 'indexer_gaps_resolved_total',
    help: 'Gaps given up on by GAP_POLICY=apply: parked events applied over the missing versions',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly lag = new Gauge({
    name: 'indexer_lag',
    help: 'Messages in the partition not yet reflected in the index',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'indexer_retries_total',
    help: 'Retried operations after an outage, overload or failure of Kafka or the search engine',
    labelNames: ['projection', 'operation'] as const,
    registers: [this.registry],
  });

  readonly rebuildReplayed = new Gauge({
    name: 'indexer_rebuild_events_replayed',
    help: 'Events replayed by the running or last rebuild',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly rebuildTarget = new Gauge({
    name: 'indexer_rebuild_events_target',
    help: 'End offsets summed over partitions that the running rebuild must reach',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  countEvent(projection: string, type: string, outcome: EventOutcome, n = 1): void {
    if (n > 0) this.events.inc({ projection, type, outcome }, n);
  }

  /** Counts many events with one increment per type: a labelled inc per event costs more than the fold. */
  countEvents(projection: string, events: readonly { type: string }[], outcome: EventOutcome): void {
    const byType = new Map<string, number>();
    for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    for (const [type, n] of byType) this.countEvent(projection, type, outcome, n);
  }
}
