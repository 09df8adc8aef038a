import { DocKind } from '../indices/index-names';
import { IndexOperation, SearchEngine, SearchOptions } from '../search-engine/search-engine.port';

export interface Checkpoint {
  topic: string;
  partition: number;
  /** Offset of the last message whose effect is in the index. */
  offset: number;
  /** Per dead-letter partition, an offset below which no dead letter published after this checkpoint is. */
  dlqFloor?: Record<string, number>;
  updatedAt: string;
}

const checkpointId = (topic: string, partition: number) => `checkpoint~${topic}~${partition}`;

/**
 * Consumer positions kept in the physical index they describe, written right after the documents they
 * cover (and the dead letters of those refused) are stored. Each index has its own (a rebuild's fresh index starts from none), and the
 * position is the external version, so a slower instance can never move it backwards.
 */
export class CheckpointStore {
  constructor(private readonly engine: SearchEngine) {}

  toOperation(index: string, topic: string, partition: number, offset: number, dlqFloor?: Record<string, number>): IndexOperation {
    const checkpoint: Checkpoint = { topic, partition, offset, ...(dlqFloor && { dlqFloor }), updatedAt: new Date().toISOString() };
    return {
      index,
      id: checkpointId(topic, partition),
      document: { docKind: DocKind.checkpoint, checkpoint },
      externalVersion: offset + 1,
    };
  }

  async read(index: string, topic: string, partitions: number[]): Promise<Map<number, number>> {
    const docs = await this.engine.mget(index, partitions.map((p) => checkpointId(topic, p)));
    const offsets = new Map<number, number>();
    for (const p of partitions) {
      const doc = docs.get(checkpointId(topic, p));
      const checkpoint = doc?.source.checkpoint as Checkpoint | undefined;
      if (checkpoint) offsets.set(p, checkpoint.offset);
    }
    return offsets;
  }

  /** One partition's checkpoint, whole; undefined when the index has none for it. */
  async readOne(index: string, topic: string, partition: number): Promise<Checkpoint | undefined> {
    const doc = (await this.engine.mget(index, [checkpointId(topic, partition)])).get(checkpointId(topic, partition));
    return doc?.source.checkpoint as Checkpoint | undefined;
  }

  /** Every checkpoint in the index, as a search sees them (refreshed), not as stored. */
  async readAll(index: string, options?: SearchOptions): Promise<Checkpoint[]> {
    const result = await this.engine.search(index, {
      size: 1000,
      query: { term: { docKind: DocKind.checkpoint } },
    }, options);
    return result.hits
      .map((h) => h.source.checkpoint as Checkpoint)
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }
}
