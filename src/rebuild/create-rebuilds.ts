import { Kafka, Producer } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { PRODUCER_OPTIONS } from '../kafka/create-kafka';
import { BatchProjector } from '../projector/batch-projector';
import { CheckpointStore } from '../projector/checkpoint-store';
import { DeadLetterPublisher } from '../projector/dead-letter-publisher';
import { ProjectionObserver, UNOBSERVED } from '../projector/projection-observer';
import { SearchEngine } from '../search-engine/search-engine.port';
import { BlueGreenRebuild } from './blue-green-rebuild';
import { RebuildLog } from './rebuild-deps';

export interface RebuildWiring {
  kafka: Kafka;
  engine: SearchEngine;
  config: AppConfig;
  owner: string;
  log?: RebuildLog;
  observer?: ProjectionObserver;
  /** The service passes its own; a tool gets one with a dead-letter producer of its own. */
  projector?: { batchProjector: BatchProjector; checkpoints: CheckpointStore };
}

/** The one wiring of a blue-green rebuild, for the service, the CLI and the bench alike. */
export function createRebuilds(w: RebuildWiring): { rebuilds: BlueGreenRebuild; close: () => Promise<void> } {
  const observer = w.observer ?? UNOBSERVED;
  let producer: Producer | undefined;
  let projector = w.projector;
  if (!projector) {
    producer = w.kafka.producer(PRODUCER_OPTIONS);
    const checkpoints = new CheckpointStore(w.engine);
    projector = { checkpoints, batchProjector: new BatchProjector(w.engine, checkpoints, new DeadLetterPublisher(producer), observer) };
  }
  const rebuilds = new BlueGreenRebuild({ ...projector, kafka: w.kafka, engine: w.engine, config: w.config, observer, owner: w.owner, log: w.log ?? (() => undefined) });
  return { rebuilds, close: async () => void (await producer?.disconnect()) };
}
