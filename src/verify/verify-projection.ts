import { randomBytes } from 'node:crypto';
import { topicOf } from '../config/topic-settings';
import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/admin';
import { readUntil } from '../kafka/topic-reader';
import { forEachHit } from '../search-engine/engine-helpers';
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
  const topic = topicOf(config, projection);
  const index = (await engine.aliasTargets(readAlias(config.INDEX_PREFIX, projection)))[0];
  if (!index) throw new Error(`projection ${projection.name} has no index yet`);
  const partitions = [...(await fetchEndOffsets(kafka, topic)).keys()];
  const stopAt = await new CheckpointStore(engine).read(index, topic, partitions);

  const fold = new IndependentFold(projection);
  let eventsRead = 0;
  await readUntil(kafka, {
    topic,
    groupId: `${config.KAFKA_GROUP_ID}.verify.${randomBytes(4).toString('hex')}`,
    lastOffsets: stopAt,
    onMessage: (_partition, message) => {
      fold.add(message.key, message.value);
      eventsRead += 1;
    },
  });

  const actual = new Map<string, { version: number; live: boolean; source: Record<string, unknown> }>();
  const stored = { query: { terms: { docKind: [DocKind.live, DocKind.tombstone] } }, sort: [{ [projection.idField]: 'asc' }] };
  await forEachHit(engine, index, stored, (hit) =>
    actual.set(hit.id, { version: Number(hit.source.version), live: hit.source.docKind === DocKind.live, source: hit.source }),
  2000);
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
