import { Producer } from 'kafkajs';
import { generateEventStream } from '../../src/demo/event-stream-generator';
import { ProductProjection } from '../../src/projections/product.projection';
import { BatchProjector, BatchResult } from '../../src/projector/batch-projector';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { DeadLetter, DeadLetterPublisher } from '../../src/projector/dead-letter-publisher';
import { PartitionBuffer } from '../../src/projector/partition-buffer';
import { IndexerMetrics } from '../../src/ops/metrics';
import { MemoryEngine } from '../support/memory-engine';

const INDEX = 'products-000001';
const TOPIC = 'product-events';
const stream = generateEventStream({ seed: 7, products: 300, danceHalls: 0, maxChangesPerAggregate: 8 });
const messages = stream.events.map((e, offset) => ({ offset: String(offset), key: Buffer.from(e.key), value: Buffer.from(JSON.stringify(e.envelope)), headers: {} }));

/** The version each product has after the events up to and including `offset`, folded one by one. */
function expectedVersions(through: number): Map<string, number> {
  const versions = new Map<string, number>();
  for (const e of stream.events.slice(0, through + 1)) versions.set(e.key, e.envelope.aggregateVersion);
  return versions;
}

function projector(engine: MemoryEngine, letters: DeadLetter[] = []) {
  const publisher = { publish: async (l: DeadLetter[]) => void letters.push(...l) } as unknown as DeadLetterPublisher;
  void ({} as Producer);
  return new BatchProjector(engine.asPort(), new CheckpointStore(engine.asPort()), publisher, new IndexerMetrics());
}

async function replay(engine: MemoryEngine, from: number, buffer: PartitionBuffer, writeBehind: (first: number) => boolean, batchSize = 40): Promise<BatchResult[]> {
  const p = projector(engine);
  const results: BatchResult[] = [];
  for (let i = from; i < messages.length; i += batchSize) {
    const batch = { topic: TOPIC, partition: 0, messages: messages.slice(i, i + batchSize) };
    results.push(await p.project(ProductProjection, INDEX, batch, buffer, { writeBehind: writeBehind(i) }));
  }
  return results;
}

const checkpointOf = (state: ReturnType<MemoryEngine['stateAfter']>) =>
  (state.get(`checkpoint~${TOPIC}~0`)?.source.checkpoint as { offset: number } | undefined)?.offset ?? -1;

describe('write-behind (BatchProjector with a PartitionBuffer)', () => {
  it('stores each document about once while catching up, and everything once caught up', async () => {
    const engine = new MemoryEngine();
    const limits = { maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 };
    const results = await replay(engine, 0, new PartitionBuffer(limits, true), (i) => i + 40 < messages.length);
    const documentWrites = engine.writes.filter((op) => !op.id.startsWith('checkpoint~')).length;
    expect(documentWrites).toBe(stream.expected.products.size);
    expect(results.filter((r) => r.flushedThrough !== undefined)).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(messages.length);
    const final = engine.state;
    expect(checkpointOf(final)).toBe(messages.length - 1);
    for (const [id, version] of expectedVersions(messages.length - 1)) expect(final.get(id)?.source.version).toBe(version);
  });

  it('never stores a checkpoint ahead of a document it covers, whatever request a crash follows', async () => {
    const engine = new MemoryEngine();
    // Small limits: many flushes of several batches each, plus every-batch flushes near the end.
    await replay(engine, 0, new PartitionBuffer({ maxDocuments: 60, maxBytes: 40_000, maxMs: 60_000, caughtUpDocuments: 10_000 }, true), (i) => i < messages.length - 300);
    expect(engine.requests).toBeGreaterThan(10);
    for (let crashAfter = 0; crashAfter <= engine.writes.length; crashAfter++) {
      const state = engine.stateAfter(crashAfter);
      const checkpoint = checkpointOf(state);
      const behind = [...expectedVersions(checkpoint)].filter(([id, version]) => Number(state.get(id)?.source.version ?? 0) < version);
      expect({ crashAfter, checkpoint, behind }).toEqual({ crashAfter, checkpoint, behind: [] });
    }
  });

  it('a restart from the stored checkpoint after a crash ends in the same documents', async () => {
    const engine = new MemoryEngine();
    const limits = { maxDocuments: 80, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 };
    const untilTheEnd = (i: number) => i + 40 < messages.length;
    await replay(engine, 0, new PartitionBuffer(limits, true), untilTheEnd);
    const clean = engine.state;
    const crashed = new MemoryEngine();
    crashed.writes.push(...engine.writes.slice(0, Math.floor(engine.writes.length / 2)));
    const resumeFrom = checkpointOf(crashed.state) + 1;
    expect(resumeFrom).toBeGreaterThan(0);
    await replay(crashed, resumeFrom, new PartitionBuffer(limits, false), untilTheEnd);
    const recovered = crashed.state;
    for (const [id, doc] of clean) {
      if (id.startsWith('checkpoint~')) continue;
      expect(recovered.get(id)?.source).toEqual(doc.source);
    }
  });

  it('stores the checkpoint of a batch that changes no document (all duplicates)', async () => {
    const engine = new MemoryEngine();
    await replay(engine, 0, new PartitionBuffer({ maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 }, true), () => false);
    const before = engine.writes.length;
    const p = projector(engine);
    const again = { topic: TOPIC, partition: 0, messages: messages.slice(0, 40).map((m, i) => ({ ...m, offset: String(messages.length + i) })) };
    const result = await p.project(ProductProjection, INDEX, again, new PartitionBuffer({ maxDocuments: 10, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 }, false), { writeBehind: false });
    expect(result).toMatchObject({ applied: 0, duplicates: 40, flushedThrough: messages.length + 39 });
    expect(engine.writes.slice(before).map((op) => op.id)).toEqual([`checkpoint~${TOPIC}~0`]);
    expect(checkpointOf(engine.state)).toBe(messages.length + 39);
  });

  it('reads no document of a partition replayed from offset zero, and reads them when it cannot know', async () => {
    for (const fromZero of [true, false]) {
      const engine = new MemoryEngine();
      const reads = jest.spyOn(engine, 'mget');
      await replay(engine, 0, new PartitionBuffer({ maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 }, fromZero), () => true);
      expect(reads.mock.calls.length > 0).toBe(!fromZero);
    }
  });

  it('once caught up, keeps the states of the aggregates that changed last only, and reads the others again', async () => {
    const engine = new MemoryEngine();
    const lastBatch = messages.slice(Math.floor((messages.length - 1) / 40) * 40);
    const lastIds = new Set(lastBatch.map((m) => m.key.toString()));
    // The one batch stored caught up keeps exactly its own documents' states.
    const buffer = new PartitionBuffer({ maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: lastIds.size }, true);
    await replay(engine, 0, buffer, (i) => i + 40 < messages.length);
    const reads = jest.spyOn(engine, 'mget');
    const resent = (from: typeof messages, at: number) => ({ topic: TOPIC, partition: 0, messages: from.map((m, i) => ({ ...m, offset: String(at + i) })) });
    await projector(engine).project(ProductProjection, INDEX, resent(lastBatch, messages.length), buffer, { writeBehind: false });
    expect(reads).not.toHaveBeenCalled();
    const earlier = messages.slice(0, 200).filter((m) => !lastIds.has(m.key.toString()));
    await projector(engine).project(ProductProjection, INDEX, resent(earlier, messages.length + 40), buffer, { writeBehind: false });
    const readIds = reads.mock.calls.flatMap((call) => (call as unknown[][])[1] as string[]);
    expect(new Set(readIds)).toEqual(new Set(earlier.map((m) => m.key.toString())));
  });

  it('once caught up, lets go of the ids a replay from zero stored: a new aggregate is read from the index', async () => {
    const engine = new MemoryEngine();
    const buffer = new PartitionBuffer({ maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 }, true);
    await replay(engine, 0, buffer, () => true);
    const fresh = (id: string, offset: number) => {
      const envelope = { ...stream.events[0].envelope, eventId: `00000000-0000-4000-8000-${String(offset).padStart(12, '0')}`, aggregateId: id, data: { ...stream.events[0].envelope.data, productId: id } };
      return { topic: TOPIC, partition: 0, messages: [{ offset: String(offset), key: Buffer.from(id), value: Buffer.from(JSON.stringify(envelope)), headers: {} }] };
    };
    const reads = jest.spyOn(engine, 'mget');
    // Still catching up: an id the replay never stored cannot exist, so it is not read.
    await projector(engine).project(ProductProjection, INDEX, fresh('11111111-1111-4111-8111-111111111111', messages.length), buffer, { writeBehind: true });
    expect(reads).not.toHaveBeenCalled();
    await projector(engine).project(ProductProjection, INDEX, fresh('22222222-2222-4222-8222-222222222222', messages.length + 1), buffer, { writeBehind: false });
    await projector(engine).project(ProductProjection, INDEX, fresh('33333333-3333-4333-8333-333333333333', messages.length + 2), buffer, { writeBehind: false });
    const readIds = reads.mock.calls.flatMap((call) => (call as unknown[][])[1] as string[]);
    expect(readIds).toEqual(['33333333-3333-4333-8333-333333333333']);
  });

  it('rewinds a deferred flush that meets a rejected document, and dead-letters it batch by batch with its bytes', async () => {
    const engine = new MemoryEngine();
    const victim = stream.events[100].key;
    engine.rejects.add(victim);
    const letters: DeadLetter[] = [];
    const p = projector(engine, letters);
    const buffer = new PartitionBuffer({ maxDocuments: 10_000, maxBytes: 1 << 30, maxMs: 60_000, caughtUpDocuments: 10_000 }, true);
    const batch = (from: number) => ({ topic: TOPIC, partition: 0, messages: messages.slice(from, from + 100) });
    expect((await p.project(ProductProjection, INDEX, batch(0), buffer, { writeBehind: true })).flushedThrough).toBeUndefined();
    const flushing = await p.project(ProductProjection, INDEX, batch(100), buffer, { writeBehind: false });
    expect(flushing.rewindTo).toBe(0);
    expect(checkpointOf(engine.state)).toBe(-1);
    for (const from of [0, 100]) await p.project(ProductProjection, INDEX, batch(from), buffer, { writeBehind: false });
    const victimOffsets = messages.slice(0, 200).filter((m) => m.key.toString() === victim).map((m) => m.offset);
    expect(letters.map((l) => l.offset)).toEqual(victimOffsets);
    expect(letters.every((l) => l.errorCode === 'engine-rejected' && l.value !== null)).toBe(true);
    expect(checkpointOf(engine.state)).toBe(199);
  });
});
