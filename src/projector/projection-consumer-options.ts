import { Kafka } from 'kafkajs';
import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { BatchOptions, BatchProjector } from './batch-projector';
import { CheckpointStore } from './checkpoint-store';
import { FetchSettings } from './consumer-config';
import { WriteBehindSettings } from './partition-buffer';

export interface ProjectionConsumerOptions {
  kafka: Kafka;
  engine: SearchEngine;
  projection: Projection;
  topic: string;
  groupId: string;
  indexPrefix: string;
  batchProjector: BatchProjector;
  checkpoints: CheckpointStore;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** How often the read alias is re-read to follow a rebuild's cutover (default 1 s). */
  aliasCheckMs?: number;
  /** A rebuild's replay: write only to its fresh index, never follow the alias, report only new rejections. */
  rebuild?: BatchOptions['rebuild'] & { index: string };
  writeBehind: WriteBehindSettings;
  /** Members of the projection's group this process runs (a join's feed runs one: it folds nothing write-behind). */
  members?: number;
  fetch: FetchSettings;
  /** Whether to merge away deleted documents once a replay is caught up. */
  expungeDeletesAfterReplay: boolean;
}
