import { Kafka } from 'kafkajs';
import { AppConfig, loadConfig } from '../config/app-config';
import { createKafka } from '../kafka/create-kafka';
import { findProjection, PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { createSearchEngine } from '../search-engine/create-search-engine';
import { SearchEngine } from '../search-engine/search-engine.port';

export interface Context {
  config: AppConfig;
  kafka: Kafka;
  engine: SearchEngine;
}

/** Every command works straight against Kafka and the engine with the service's own environment. */
export async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const engine = createSearchEngine(config);
  try {
    return await fn({ config, kafka: createKafka(config, undefined, '-cli'), engine });
  } finally {
    await engine.close();
  }
}

export function projectionArg(name: string): Projection {
  const projection = findProjection(name);
  if (!projection) throw new Error(`unknown projection '${name}'; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  return projection;
}

export const pad = (s: unknown, n: number) => String(s ?? '-').padEnd(n);

