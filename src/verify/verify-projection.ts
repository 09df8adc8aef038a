import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/end-offsets';
import { AppConfig } from '../config/app-config';
import { DocKind, readAlias } from '../indices/index-names';
import { Projection } from '../projections/projection';
import { CheckpointStore } from '../projector/checkpoint-store';
import { SearchEngine } from '../search-engine/search-engine.port';
import { compareReadModel, Difference, HistoryGap, IndependentFold } from './independent-fold';

export interface VerifyReport {
  projection: string;
  index: string;
  eventsRead: number;
  expectedLive: number;
  actualLive: number;
  differences: Difference[];
  /** Documents whose history in the log has a gap: their events past it wait, parked. */
  gaps: HistoryGap[];
}

/**
 * Reads the topic from offset zero up to the active index's checkpoints, folds it independently, and
 * compares document by document. Stopping at the checkpoints (not the end offsets) keeps events the
 * projector has not reached yet from showing up as differences.
 */
export async function verifyProjection(kafka: Kafka, engine: SearchEngine, config: AppConfig, projection: Projection): Promise<VerifyReport> {
  const topic = config[projection.topicSetting];
  const index = (await engine.aliasTargets(readAlias(config.INDEX_PREFIX, projection)))[0];
  if (!index) throw new Error(`projection ${projection.name} has no index yet`);
  const partitions = [...(await fetchEndOffsets(kafka, topic)).keys()];
  const stopAt = await new CheckpointStore(engine).read(index, topic, partitions);

  const fold = new IndependentFold(projection);
  let eventsRead = 0;
  const remaining = new Set([...stopAt].filter(([, offset]) => offset >= 0).map(([p]) => p));
  if (remaining.size > 0) {
    const groupId = `${config.KAFKA_GROUP_ID}.verify.${randomBytes(4).toString('hex')}`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const offset = Number(message.offset);
              const last = stopAt.get(partition) ?? -1;
              if (offset > last) return;
              fold.add(message.key, message.value);
              eventsRead += 1;
              if (offset === last) {
                remaining.delete(partition);
                if (remaining.size === 0) resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect();
    }
  }

  const actual = new Map<string, { version: number; live: boolean; source: Record<string, unknown> }>();
  let after: unknown[] | undefined;
  for (;;) {
    const page = await engine.search(index, {
      size: 2000,
      version: true,
      query: { terms: { docKind: [DocKind.live, DocKind.tombstone] } },
      sort: [{ [projection.idField]: 'asc' }],
      ...(after && { search_after: after }),
    });
    for (const hit of page.hits) {
      actual.set(hit.id, { version: Number(hit.source.version), live: hit.source.docKind === DocKind.live, source: hit.source });
    }
    if (page.hits.length < 2000) break;
    after = page.hits[page.hits.length - 1].sort;
  }
  const expected = fold.result();
  const differences = compareReadModel(expected.documents, actual);
  return {
    projection: projection.name,
    index,
    eventsRead,
    expectedLive: [...expected.documents.values()].filter((d) => d.state !== null).length,
    actualLive: [...actual.values()].filter((d) => d.live).length,
    differences,
    gaps: expected.gaps,
  };
}
