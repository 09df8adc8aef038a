import { randomBytes } from 'node:crypto';
import { topicOf } from '../config/topic-settings';
import { Kafka } from 'kafkajs';
import { fetchEndOffsets } from '../kafka/admin';
import { readUntil } from '../kafka/topic-reader';
import { forEachHit } from '../search-engine/engine-helpers';
import { AppConfig } from '../config/app-config';
import { DocKind, readAlias } from '../indices/index-names';
import { Projection, ReadModelDocument } from '../projections/projection';
import { feedsOf } from '../join/feeds';
import { CheckpointStore } from '../projector/checkpoint-store';
import { SearchEngine } from '../search-engine/search-engine.port';
import { compareReadModel, Difference, ExpectedDocument, HistoryGap, IndependentFold } from './independent-fold';

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
  const index = (await engine.aliasTargets(readAlias(config.INDEX_PREFIX, projection)))[0];
  if (!index) throw new Error(`projection ${projection.name} has no index yet`);
  let eventsRead = 0;
  const folds = new Map<Projection, FoldResult>();
  for (const feed of feedsOf(projection)) {
    const read = await foldTopic(kafka, engine, config, feed, index);
    eventsRead += read.eventsRead;
    folds.set(feed, read.result);
  }
  const own = folds.get(projection)!;
  const expected = projection.references?.length ? withExpectedRefs(projection, own.documents, folds) : own.documents;

  const actual = new Map<string, { version: number; live: boolean; source: Record<string, unknown> }>();
  const stored = { query: { terms: { docKind: [DocKind.live, DocKind.tombstone] } }, sort: [{ [projection.idField]: 'asc' }] };
  await forEachHit(engine, index, stored, (hit) =>
    actual.set(hit.id, { version: Number(hit.source.version), live: hit.source.docKind === DocKind.live, source: hit.source }),
  2000);
  const differences = compareReadModel(expected, actual);
  return {
    projection: projection.name,
    index,
    eventsRead,
    expectedLive: [...expected.values()].filter((d) => d.state !== null).length,
    actualLive: [...actual.values()].filter((d) => d.live).length,
    differences,
    gaps: [...folds.values()].flatMap((f) => f.gaps),
  };
}

type FoldResult = ReturnType<IndependentFold['result']>;

/** One topic from offset zero up to the index's checkpoints of it, folded independently. */
async function foldTopic(kafka: Kafka, engine: SearchEngine, config: AppConfig, feed: Projection, index: string): Promise<{ eventsRead: number; result: FoldResult }> {
  const topic = topicOf(config, feed);
  const partitions = [...(await fetchEndOffsets(kafka, topic)).keys()];
  const stopAt = await new CheckpointStore(engine).read(index, topic, partitions);
  const fold = new IndependentFold(feed);
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
  return { eventsRead, result: fold.result() };
}

/** A join's expected documents: each with what it must embed of the references it names, folded separately. */
function withExpectedRefs(projection: Projection, documents: Map<string, ExpectedDocument>, folds: Map<Projection, FoldResult>): Map<string, ExpectedDocument> {
  const feeds = feedsOf(projection).filter((f) => f.feedOf);
  const joined = new Map<string, ExpectedDocument>();
  for (const [id, doc] of documents) {
    if (!doc.state) {
      joined.set(id, doc);
      continue;
    }
    const refs = expectedRefs(doc.state as unknown as Record<string, unknown>, feeds, folds);
    joined.set(id, Object.keys(refs).length > 0 ? { ...doc, state: { ...doc.state, refs } as ReadModelDocument } : doc);
  }
  return joined;
}

function expectedRefs(state: Record<string, unknown>, feeds: Projection[], folds: Map<Projection, FoldResult>): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  for (const feed of feeds) {
    const { key, field, embed } = feed.feedOf!.reference;
    const named = state[field];
    const ref = typeof named === 'string' ? folds.get(feed)!.documents.get(`${key}~${named}`) : undefined;
    if (ref && ref.version > 0) refs[key] = { id: named, version: ref.version, ...(ref.state && embed(ref.state)) };
  }
  return refs;
}
