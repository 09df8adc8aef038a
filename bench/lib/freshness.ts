import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { sleep } from '../../src/shared/retry';
import { percentile } from './report';
import { refreshTotals } from './engine-merges';

export interface FreshnessFigures {
  published: number;
  sampled: number;
  found: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Publish → readable by id (the engine's real-time get): what the projector takes, before the refresh. */
  stored: { p50: number; p99: number };
  /** The engine's scheduled refreshes meanwhile: a search finds what was stored at the next one. */
  refreshes: { count: number; msEach: number };
}


/**
 * Publishes price changes of live products at a steady rate and measures, for every 10th, the time from
 * the broker's acknowledgement to the first search through the read alias that returns the new version.
 */
export async function measureFreshness(o: {
  producer: Producer;
  engine: SearchEngine;
  topic: string;
  alias: string;
  versions: Map<string, number>;
  eventsPerSecond: number;
  seconds: number;
  searchUrl: string;
}): Promise<FreshnessFigures> {
  const refreshesBefore = await refreshTotals(o.searchUrl, o.alias);
  const ids = [...o.versions.keys()];
  let publishing = true;
  const running = () => publishing;
  // Reads id and version from doc values, not the stored source: that fetch (~160 waiting documents, 30 times a
  // second) cost the engine more fetch time than the 50 searches a second it is measured with.
  const searched = watchVersions(running, async (asked) => {
    const body = { size: asked.length, _source: false, stored_fields: '_none_', docvalue_fields: ['productId', 'version'], query: { bool: { filter: { terms: { productId: asked.map(([id]) => id) } } } } };
    const response = await fetch(`${o.searchUrl.replace(/\/$/, '')}/${o.alias}/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`freshness search: ${response.status} ${await response.text()}`);
    const { hits } = (await response.json()) as { hits: { hits: Array<{ fields: { productId: [string]; version: [number] } }> } };
    return hits.hits.map(({ fields }): [string, number] => [fields.productId[0], fields.version[0]]);
  });
  const stored = watchVersions(running, async (asked) => [...(await o.engine.mget(o.alias, asked.map(([id]) => id)))].map(([id, doc]) => [id, Number(doc.source.version)]));
  const tickMs = 50;
  const perTick = Math.round((o.eventsPerSecond * tickMs) / 1000);
  const started = Date.now();
  let published = 0;
  let sampled = 0;
  for (let tick = 0; Date.now() - started < o.seconds * 1000; tick++) {
    if (searched.failed ?? stored.failed) break;
    const messages = Array.from({ length: perTick }, (_, i) => {
      const id = ids[(published + i) % ids.length];
      const version = o.versions.get(id)! + 1;
      o.versions.set(id, version);
      const value = { eventId: randomUUID(), type: 'ProductPriceChanged', aggregateId: id, aggregateVersion: version, occurredAt: new Date().toISOString(), data: { newPrice: 100 + (version % 900) } };
      return { key: id, value: JSON.stringify(value), sample: (published + i) % 10 === 0 && !searched.waiting.has(id) ? version : undefined };
    });
    await o.producer.send({ topic: o.topic, acks: -1, messages: messages.map(({ key, value }) => ({ key, value })) });
    const ackedAt = Date.now();
    for (const m of messages) {
      if (m.sample === undefined) continue;
      searched.waiting.set(m.key, { version: m.sample, publishedAt: ackedAt });
      stored.waiting.set(m.key, { version: m.sample, publishedAt: ackedAt });
      sampled++;
    }
    published += messages.length;
    const due = started + (tick + 1) * tickMs;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  const deadline = Date.now() + 30_000;
  while (searched.waiting.size > 0 && !searched.failed && Date.now() < deadline) await sleep(50);
  publishing = false;
  searched.waiting.clear();
  stored.waiting.clear();
  await Promise.all([searched.done, stored.done]);
  const refreshesAfter = await refreshTotals(o.searchUrl, o.alias);
  const refreshCount = refreshesAfter.count - refreshesBefore.count;
  const refreshes = { count: refreshCount, msEach: Math.round((refreshesAfter.ms - refreshesBefore.ms) / Math.max(1, refreshCount)) };
  const sorted = searched.latencies.sort((a, b) => a - b);
  const readable = stored.latencies.sort((a, b) => a - b);
  return { published, sampled, found: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, stored: { p50: percentile(readable, 50), p99: percentile(readable, 99) }, refreshes };
}

interface Sample {
  version: number;
  publishedAt: number;
}

/**
 * Every 25 ms while anything waits, asks `read` for the waiting ids' versions (given the versions awaited), and
 * records for each the time from its publishing to the first read that returns its version or a later one;
 * stops once `running` is false and nothing waits.
 */
function watchVersions(running: () => boolean, read: (awaited: Array<[string, number]>) => Promise<Array<[string, number]>>) {
  const waiting = new Map<string, Sample>();
  const latencies: number[] = [];
  const done = (async () => {
    while (running() || waiting.size > 0) {
      await sleep(25);
      if (waiting.size === 0) continue;
      const seen = await read([...waiting].map(([id, w]) => [id, w.version]));
      const now = Date.now();
      for (const [id, version] of seen) {
        const w = waiting.get(id);
        if (w && version >= w.version) {
          latencies.push(now - w.publishedAt);
          waiting.delete(id);
        }
      }
    }
  })();
  // Held, not left unhandled: an unhandled rejection ended the process before its services were stopped. The
  // publishing loop stops on it, and awaiting `done` rethrows it.
  const watch: { waiting: Map<string, Sample>; latencies: number[]; done: Promise<void>; failed?: Error } = { waiting, latencies, done };
  done.catch((err: Error) => (watch.failed = err));
  return watch;
}
