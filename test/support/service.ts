import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { startApp } from '../../src/bootstrap';
import { IndexerMetrics } from '../../src/ops/metrics';
import { EventOutcome } from '../../src/projector/projection-observer';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { readAlias } from '../../src/indices/index-names';
import { Projection } from '../../src/projections/projection';
import { waitFor } from './integration';

/** The whole service in this process, with its HTTP port, projectors and metrics. */
export async function startService(config: AppConfig): Promise<INestApplication> {
  return startApp(config);
}

export async function countEvents(app: INestApplication, outcome: EventOutcome, projection?: string): Promise<number> {
  const metric = await app.get(IndexerMetrics).events.get();
  return metric.values
    // A join's feeds (`dance-events~hall`) fold topics their owner projections account for already.
    .filter((v) => v.labels.outcome === outcome && (projection ? v.labels.projection === projection : !String(v.labels.projection).includes('~')))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Waits for the projector to create its first index and returns a function resolving the live one. */
export async function liveIndexOf(engine: SearchEngine, config: AppConfig, projection: Pick<Projection, 'name'>) {
  const alias = readAlias(config.INDEX_PREFIX, projection);
  await waitFor(`read alias ${alias}`, async () => (await engine.aliasTargets(alias)).length > 0);
  return async () => (await engine.aliasTargets(alias))[0];
}
