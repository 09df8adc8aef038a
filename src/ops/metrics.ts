import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventOutcome, ProjectionObserver } from '../projector/projection-observer';

type Label = 'projection' | 'type' | 'outcome' | 'topic' | 'partition' | 'operation';
const PARTITION_LABELS = ['projection', 'topic', 'partition'] as const;

/**
 * Every Prometheus series the service exposes, on its own registry so tests can run several apps. It is the
 * projector's and the rebuild's observer: they report, this measures.
 */
export class IndexerMetrics implements ProjectionObserver {
  readonly registry = new Registry();

  private readonly counter = <L extends Label>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  private readonly gauge = <L extends Label>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [this.registry] });

  readonly events = this.counter('indexer_events_total', 'Events consumed, by projection, event type and outcome', ['projection', 'type', 'outcome']);
  readonly batchSize = new Histogram({
    name: 'indexer_batch_size',
    help: 'Messages per processed partition batch',
    labelNames: ['projection'] as const,
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [this.registry],
  });
  readonly bulkSeconds = new Histogram({
    name: 'indexer_bulk_duration_seconds',
    help: 'Duration of one bulk request (documents, or the checkpoint after them)',
    labelNames: ['projection'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly checkpoint = this.gauge('indexer_checkpoint_offset', 'Last offset whose effect is stored in the index, per partition', PARTITION_LABELS);
  readonly endOffset = this.gauge('indexer_end_offset', 'The topic partition end offset (next offset to be written) at the last check', PARTITION_LABELS);
  readonly lag = this.gauge('indexer_lag', 'Messages in the partition not yet reflected in the index', PARTITION_LABELS);
  readonly openGaps = this.gauge(
    'indexer_open_gaps',
    'Documents whose events wait above a gap in their versions (a producer reordered or lost events)',
    ['projection'],
  );
  readonly oldestGapAge = this.gauge('indexer_oldest_gap_age_seconds', 'Age of the oldest open gap; 0 when none is open', ['projection']);
  readonly gapsResolved = this.counter(
    'indexer_gaps_resolved_total',
    'Gaps given up on by GAP_POLICY=apply: parked events applied over the missing versions',
    ['projection'],
  );
  readonly retries = this.counter(
    'indexer_retries_total',
    'Retried operations after an outage, overload or failure of Kafka or the search engine',
    ['projection', 'operation'],
  );
  readonly rebuildReplayed = this.gauge('indexer_rebuild_events_replayed', 'Events replayed by the running or last rebuild', ['projection']);
  readonly rebuildTarget = this.gauge(
    'indexer_rebuild_events_target',
    'End offsets summed over partitions that the running rebuild must reach',
    ['projection'],
  );

  readonly consistencyWaits = this.counter(
    'indexer_consistency_waits_total',
    'Requests that waited for a consistentWith token, by outcome (reached or timeout)',
    ['outcome'],
  );
  readonly consistencyWaitSeconds = new Histogram({
    name: 'indexer_consistency_wait_seconds',
    help: 'How long requests waited for their consistentWith token',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30],
    registers: [this.registry],
  });
  readonly consistencyPolls = this.counter(
    'indexer_consistency_polls_total',
    'Searches for the searchable checkpoints made on behalf of waiting requests, by projection and outcome',
    ['projection', 'outcome'],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  eventsCounted(projection: string, type: string, outcome: EventOutcome, n: number): void {
    if (n > 0) this.events.inc({ projection, type, outcome }, n);
  }

  batchProjected(projection: string, messages: number): void {
    this.batchSize.observe({ projection }, messages);
  }

  checkpointStored(projection: string, topic: string, partition: number, offset: number): void {
    this.checkpoint.set({ projection, topic, partition: String(partition) }, offset);
  }

  bulkTimed(projection: string, seconds: number): void {
    this.bulkSeconds.observe({ projection }, seconds);
  }

  retried(projection: string, operation: string): void {
    this.retries.inc({ projection, operation });
  }

  consistencyWaited(reached: boolean, seconds: number): void {
    this.consistencyWaits.inc({ outcome: reached ? 'reached' : 'timeout' });
    this.consistencyWaitSeconds.observe(seconds);
  }

  consistencyPolled(projection: string, ok: boolean): void {
    this.consistencyPolls.inc({ projection, outcome: ok ? 'ok' : 'failed' });
  }

  rebuildProgressed(projection: string, progress: { replayed?: number; target?: number }): void {
    if (progress.replayed !== undefined) this.rebuildReplayed.set({ projection }, progress.replayed);
    if (progress.target !== undefined) this.rebuildTarget.set({ projection }, progress.target);
  }
}
