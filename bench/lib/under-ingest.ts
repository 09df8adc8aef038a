import { Producer } from 'kafkajs';
import { AppConfig } from '../../src/config/app-config';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { measureFreshness } from './freshness';
import { cpuMeter, localBrokerPid, mainThreadMeter, threadShares } from './process-stats';
import { addTailCpu, cpuTimeline } from './cpu-timeline';
import { engineCounters, engineWork } from './engine-work';
import { mergeTimeline } from './engine-merges';
import { Report } from './report';
import { latency, searchAtRate, tailParts, loadCollections } from './search-load';
import { loopAndCollections, scrapeService } from './service-metrics';

export interface UnderIngest {
  producer: Producer;
  engine: SearchEngine;
  config: AppConfig;
  alias: string;
  /** Each live product's last published version; the load continues from there. */
  versions: Map<string, number>;
  seconds: number;
  enginePid?: number;
  /** The projecting service. */
  projector: { pid: number; port: number };
  /** Where the searches go, when not to the projecting service: a search replica (PROJECTORS_ENABLED=false). */
  replica?: { pid: number; port: number };
}

// The search load is a process of its own, cold at first: its first seconds, like the idle phase's, are timed
// apart. Publishing starts with it and runs on through its warm-up and its start (a ts-node compile, ~2 s).
const WARMUP_SECONDS = 10;
const START_MARGIN_SECONDS = 5;

/**
 * Publishes 2,000 events/s while searching at 50 requests/s, and reports freshness (publish → found through
 * the alias), the search latencies after a warm-up under ingest, and the CPU and collections of the process
 * that served them.
 */
export async function measureUnderIngest(report: Report, o: UnderIngest): Promise<void> {
  const searcher = o.replica ?? o.projector;
  const before = await scrapeService(searcher.port);
  const projectorCpu = cpuMeter(o.projector.pid);
  const replicaCpu = o.replica && cpuMeter(o.replica.pid);
  const engineBusy = cpuMeter(o.enginePid);
  const searcherThread = mainThreadMeter(searcher.pid);
  const engineBefore = await engineCounters(o.config.SEARCH_URL);
  const started = Date.now();
  const merges = mergeTimeline(o.config.SEARCH_URL, o.alias);
  const timeline = cpuTimeline({ engine: o.enginePid, service: o.projector.pid, ...(o.replica && { replica: o.replica.pid }), broker: localBrokerPid() });
  const [fresh, busy] = await Promise.all([
    measureFreshness({ producer: o.producer, engine: o.engine, topic: o.config.topics.PRODUCT_TOPIC, alias: o.alias, versions: o.versions, eventsPerSecond: 2000, seconds: o.seconds + WARMUP_SECONDS + START_MARGIN_SECONDS, searchUrl: o.config.SEARCH_URL }),
    searchAtRate(searcher.port, 50, o.seconds, WARMUP_SECONDS),
  ]);
  timeline.stop();
  await merges.stop();
  const elapsed = (Date.now() - started) / 1000;
  const percent = (cpu: number | undefined) => Math.round(((cpu ?? NaN) / elapsed) * 100);
  const served = o.replica ? 'the search replica' : 'the service';
  const publishing = o.seconds + WARMUP_SECONDS + START_MARGIN_SECONDS;
  // Had the search load's start taken longer than the margin, its last searches would have run without ingest.
  const spare = (started + publishing * 1000 - busy.ended) / 1000;
  report.add('publishing (s; the searches\' warm-up and start included); searches timed after their warm-up (s), ending before publishing did by (s)', `${publishing}; ${o.seconds}, ${spare.toFixed(1)}`);
  report.add('publish (ack) → found through the alias: p50 / p95 / p99 / max (ms)', `${fresh.p50} / ${fresh.p95} / ${fresh.p99} / ${fresh.max}`);
  report.add('published, sampled, found', `${fresh.published}, ${fresh.sampled}, ${fresh.found}`);
  report.add('publish → readable by id (stored, before the refresh): p50 / p99 (ms); engine refreshes, ms each', `${fresh.stored.p50} / ${fresh.stored.p99}; ${fresh.refreshes.count}, ${fresh.refreshes.msEach}`);
  report.add(`product search at 50 req/s through ${served}, the first ${WARMUP_SECONDS} s (warm-up): p50 / p97.5 / p99 (ms), requests, non-2xx`, latency(busy.warmup!));
  report.add(`product search at 50 req/s through ${served} meanwhile: p50 / p97.5 / p99 (ms), requests, non-2xx`, latency(busy));
  report.add('the slowest 1 % of those searches, mean ms (Server-Timing)', tailParts(busy.slowest));
  report.add('the search load\'s own garbage collections while timed (count, pause in all, longest)', loadCollections(busy));
  addTailCpu(report, busy, timeline);
  report.add('the engine merging the index while timed; of the slowest 1 %, due while it did', merges.summary(busy.began, busy.ended, busy.slowestDue));
  report.add(`${served}: event loop delay p99 / max (ms); its garbage collections meanwhile (warm-up included)`, loopAndCollections(before, await scrapeService(searcher.port)));
  report.add(`${served}: its main thread running / ready but waiting for a CPU (% of the wall time)`, threadShares(searcherThread.shares()));
  report.add('service CPU at 2,000 events/s (% of one core, over the whole phase)', percent(projectorCpu.used()));
  if (replicaCpu) report.add('search replica CPU (% of one core)', percent(replicaCpu.used()));
  report.add('engine CPU meanwhile, indexing and searching (% of one core)', percent(engineBusy.used()));
  report.add('what the engine did meanwhile (its own counters, the whole node)', engineWork(engineBefore, await engineCounters(o.config.SEARCH_URL)));
}
