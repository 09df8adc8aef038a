import { AppConfig } from '../../src/config/app-config';
import { readAlias } from '../../src/indices/index-names';
import { ProductProjection } from '../../src/projections/product.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { waitForExpunge, waitForMerges } from './engine-merges';
import { Report } from './report';
import { loopAndCollections, scrapeService } from './service-metrics';
import { latency, queryCost, searchAtRate, tailParts, loadCollections } from './search-load';
import { addTailCpu, cpuTimeline } from './cpu-timeline';
import { engineCounters, engineWork } from './engine-work';
import { localBrokerPid, localEnginePid, mainThreadMeter, threadShares } from './process-stats';
import { USER_QUERIES } from './user-queries';

/**
 * Product searches at 50/s through the service (after a 10 s warm-up reported apart), its pauses meanwhile, and
 * who had the CPU: over the run, and in the half-seconds the slowest 1 % were due in.
 */
export async function searchAtRateIdle(report: Report, service: { port: number; pid: number }, searchSeconds: number, searchUrl: string): Promise<void> {
  const { port } = service;
  const scraped = await scrapeService(port);
  const engineBefore = await engineCounters(searchUrl);
  const cpu = cpuTimeline({ engine: localEnginePid(), service: service.pid, broker: localBrokerPid() });
  const thread = mainThreadMeter(service.pid);
  const idle = await searchAtRate(port, 50, searchSeconds, 10);
  const shares = thread.shares();
  cpu.stop();
  const loop = loopAndCollections(scraped, await scrapeService(port));
  report.add('product search at 50 req/s, the first 10 s (warm-up): p50 / p97.5 / p99 (ms), requests, non-2xx', latency(idle.warmup!));
  report.add(`product search at 50 req/s, the ${searchSeconds} s after: p50 / p97.5 / p99 (ms), requests, non-2xx`, latency(idle));
  report.add('the slowest 1 % of those searches, mean ms (Server-Timing)', tailParts(idle.slowest));
  report.add('the search load\'s own garbage collections while timed (count, pause in all, longest)', loadCollections(idle));
  report.add('service event loop delay p99 / max (ms); its garbage collections meanwhile (warm-up included)', loop);
  report.add('service main thread running / ready but waiting for a CPU (% of the wall time, warm-up included)', threadShares(shares));
  addTailCpu(report, idle, cpu);
  report.add('what the engine did meanwhile, warm-up included (its own counters, the whole node)', engineWork(engineBefore, await engineCounters(searchUrl)));
}

/**
 * The bench's "search while idle" section: once the service has merged away what the replay left and the
 * engine's own merges have settled, product searches at 50/s (after a 10 s warm-up reported apart), then
 * each query one at a time against the bare match.
 */
export async function measureIdleSearch(report: Report, engine: SearchEngine, config: AppConfig, searchSeconds: number, servicePid: number): Promise<void> {
  const alias = readAlias(config.INDEX_PREFIX, ProductProjection);
  await engine.refresh(alias);
  report.add('live products searched', await engine.count(alias));
  const afterReplay = await engine.documentCounts(alias);
  report.add('deleted copies in the index at catch-up (per live document)', (afterReplay.deleted / afterReplay.live).toFixed(2));
  const expunged = await waitForExpunge(engine, alias, 0.1, 90);
  report.add('the service merging them away (EXPUNGE_DELETES_AFTER_REPLAY): waited (s), deleted copies per live document after', `${expunged.seconds.toFixed(1)}, ${expunged.ratio.toFixed(2)}`);
  report.add('engine merges after that: waited until none ran for 5 s (s)', (await waitForMerges(config.SEARCH_URL, alias)).toFixed(1));
  await searchAtRateIdle(report, { port: config.PORT, pid: servicePid }, searchSeconds, config.SEARCH_URL);
  const cost = await queryCost(engine, (await engine.aliasTargets(alias))[0]);
  const ratio = (ms: number, to = cost.bare) => `${(ms / to).toFixed(2)} (${ms.toFixed(1)} / ${to.toFixed(1)})`;
  report.add('one at a time on the engine: product search (exact, typo-tolerant when too little) / bare match (median ms)', ratio(cost.service));
  report.add('the same / the bare match with the same answer (facets, highlights, sort, exact total)', ratio(cost.service, cost.bareAnswer));
  report.add('the same with facets=none (no category facet, count bounded at 1,000) / bare match', ratio(cost.noFacets));
  report.add('the typo-tolerant query for every query, as before / bare match', ratio(cost.alwaysFuzzy));
  report.add(`queries that needed the typo-tolerant query: median ms (${cost.fellBack.length} of ${USER_QUERIES.length}: ${cost.fellBack.join(', ')})`, cost.fellBackMedian.toFixed(1));
}
