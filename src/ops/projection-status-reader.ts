import { Kafka } from 'kafkajs';
import { topicsOf } from '../join/feeds';
import { fetchEndOffsets } from '../kafka/admin';
import { AppConfig } from '../config/app-config';
import { loadIndexDefinition, metaMatches } from '../indices/index-definitions';
import { readAlias } from '../indices/index-names';
import { Projection } from '../projections/projection';
import { CheckpointStore } from '../projector/checkpoint-store';
import { SearchEngine } from '../search-engine/search-engine.port';
import { RebuildRecord } from '../rebuild/rebuild-record';
import { OpenGaps, readOpenGaps } from './open-gaps';

export interface PartitionStatus {
  topic: string;
  partition: number;
  /** Last offset whose effect is in the active index; null before the first batch. */
  checkpoint: number | null;
  endOffset: number;
  lag: number;
}

export interface ProjectionReport {
  name: string;
  alias: string;
  activeIndex: string | null;
  state: string;
  reason?: string;
  /** Its own topic; `topics` adds those a join reads. */
  topic: string;
  topics: string[];
  partitions: PartitionStatus[];
  lag: number;
  lastEventAt: string | null;
  /** Documents whose events wait above a gap in their versions (see the Handling table). */
  gaps: OpenGaps;
  rebuildNeeded: boolean;
  rebuildNeededReason?: string;
  rebuild?: RebuildRecord;
}

/**
 * Reads what operators ask about a projection straight from Kafka and the engine (the checkpoints in the
 * active index against the topic's end offsets), so the HTTP route and the CLI report the same truth.
 */
export class ProjectionStatusReader {
  private readonly checkpoints: CheckpointStore;

  constructor(
    private readonly kafka: Kafka,
    private readonly engine: SearchEngine,
    private readonly config: AppConfig,
  ) {
    this.checkpoints = new CheckpointStore(engine);
  }

  async read(
    projection: Projection,
    running?: { state: string; reason?: string; lastEventAt?: string },
    rebuild?: RebuildRecord,
  ): Promise<ProjectionReport> {
    const alias = readAlias(this.config.INDEX_PREFIX, projection);
    const topics = topicsOf(this.config, projection);
    const activeIndex = (await this.engine.aliasTargets(alias))[0] ?? null;
    const partitions: PartitionStatus[] = [];
    for (const topic of topics) {
      const ends = await fetchEndOffsets(this.kafka, topic);
      const checkpoints = activeIndex ? await this.checkpoints.read(activeIndex, topic, [...ends.keys()]) : new Map<number, number>();
      for (const [partition, endOffset] of [...ends].sort(([a], [b]) => a - b)) {
        const checkpoint = checkpoints.get(partition) ?? null;
        partitions.push({ topic, partition, checkpoint, endOffset, lag: Math.max(0, endOffset - (checkpoint ?? -1) - 1) });
      }
    }
    const expected = loadIndexDefinition(projection, this.config.INDEX_MAPPINGS_DIR).meta;
    const stored = activeIndex ? await this.engine.getMeta(activeIndex) : undefined;
    const rebuildNeeded = activeIndex !== null && !metaMatches(stored, expected);
    const gaps = activeIndex ? await readOpenGaps(this.engine, activeIndex) : { open: 0, oldestSince: null };
    return {
      name: projection.name,
      alias,
      activeIndex,
      state: running?.state ?? 'not running in this process',
      ...(running?.reason && { reason: running.reason }),
      topic: topics[0],
      topics,
      partitions,
      lag: partitions.reduce((sum, p) => sum + p.lag, 0),
      lastEventAt: running?.lastEventAt ?? null,
      gaps,
      rebuildNeeded,
      ...(rebuildNeeded && {
        rebuildNeededReason: `index built with projection v${String(stored?.projectionVersion)} / mappings ${String(stored?.mappingHash)}, code has v${expected.projectionVersion} / ${expected.mappingHash}`,
      }),
      ...(rebuild && { rebuild }),
    };
  }
}
