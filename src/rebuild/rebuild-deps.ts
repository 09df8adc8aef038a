import { Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { BatchProjector } from '../projector/batch-projector';
import { CheckpointStore } from '../projector/checkpoint-store';
import { ProjectionObserver } from '../projector/projection-observer';
import { SearchEngine } from '../search-engine/search-engine.port';

export class RebuildConflictError extends Error {}
export class NoRebuildRunningError extends Error {}
/** The service is shutting down: a rebuild asked for now is left for its lock to expire and be resumed. */
export class ShuttingDownError extends Error {}

export type RebuildLog = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface RebuildDeps {
  kafka: Kafka;
  engine: SearchEngine;
  config: AppConfig;
  batchProjector: BatchProjector;
  checkpoints: CheckpointStore;
  observer: ProjectionObserver;
  log: RebuildLog;
  /** Names this process in the lock, for operators reading a status. */
  owner: string;
  pollMs?: number;
}
