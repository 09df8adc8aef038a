import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ConsumeRun } from './noop-consume-process';
import { runApart } from './run-apart';
import { Kafka } from 'kafkajs';
import { loadIndexDefinition } from '../../src/indices/index-definitions';
import { Projection } from '../../src/projections/projection';
import { decodeMessage } from '../../src/events/decode-message';
import { storedVersion, toStoredDocument } from '../../src/projector/fold-batch';
import { DomainEvent } from '../../src/events/envelope';
import { IndexOperation, SearchEngine } from '../../src/search-engine/search-engine.port';
import { GeneratedEvent } from '../../src/demo/event-stream-generator';

/** noOpConsumeSeconds in a process of its own (noop-consume-process.ts), away from the benchmark's heap. */
export const noOpConsumeSecondsApart = (run: ConsumeRun): Promise<number> => runApart<number>(join(__dirname, 'noop-consume-process.ts'), run);

/** Seconds for a kafkajs consumer group doing nothing with the messages to read every topic to its end. */
export async function noOpConsumeSeconds(kafka: Kafka, topics: string[], total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-noop-${randomBytes(3).toString('hex')}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = Date.now();
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= total) resolve();
      },
    });
  });
  await done;
  const seconds = (Date.now() - started) / 1000;
  await consumer.disconnect();
  return seconds;
}

function storedAs(projection: Projection, index: string, id: string, state: ReturnType<Projection['evolve']>, event: DomainEvent): IndexOperation {
  const history = { state, version: event.aggregateVersion, parked: [], updatedAt: event.occurredAt };
  return { index, id, document: toStoredDocument(projection, id, history), externalVersion: storedVersion(history) };
}

/** The documents (live and tombstones) a replay must end with, folded in memory one event at a time. */
export function finalDocuments(projection: Projection, index: string, events: GeneratedEvent[]): IndexOperation[] {
  const docs = new Map<string, IndexOperation>();
  const states = new Map<string, ReturnType<Projection['evolve']>>();
  for (const e of events) {
    const decoded = decodeMessage(e.key, JSON.stringify(e.envelope), projection.events);
    if (decoded.kind !== 'event') continue;
    const state = projection.evolve(states.get(e.key) ?? null, decoded.event);
    states.set(e.key, state);
    docs.set(e.key, storedAs(projection, index, e.key, state, decoded.event));
  }
  return [...docs.values()];
}

/** Seconds for the engine to bulk-load the given documents into a fresh index with the real mapping. */
export async function finalLoadSeconds(engine: SearchEngine, projection: Projection, index: string, docs: IndexOperation[]): Promise<number> {
  await engine.createIndex(index, loadIndexDefinition(projection).definition);
  const chunks: IndexOperation[][] = [];
  for (let i = 0; i < docs.length; i += 5000) chunks.push(docs.slice(i, i + 5000));
  const started = Date.now();
  // Two requests in flight, one per core of this machine.
  await Promise.all([0, 1].map(async (lane) => {
    for (let i = lane; i < chunks.length; i += 2) await engine.bulk(chunks[i]);
  }));
  return (Date.now() - started) / 1000;
}

/** Events/s of a hand-written projector as teams write it: one version-checked index request per event. */
export async function oneRequestPerEventRate(engine: SearchEngine, projection: Projection, index: string, events: GeneratedEvent[]): Promise<number> {
  await engine.createIndex(index, loadIndexDefinition(projection).definition);
  const states = new Map<string, ReturnType<Projection['evolve']>>();
  const started = Date.now();
  for (const e of events) {
    const decoded = decodeMessage(e.key, JSON.stringify(e.envelope), projection.events);
    if (decoded.kind !== 'event') continue;
    const next = projection.evolve(states.get(e.key) ?? null, decoded.event);
    states.set(e.key, next);
    await engine.bulk([storedAs(projection, index, e.key, next, decoded.event)]);
  }
  return events.length / ((Date.now() - started) / 1000);
}
