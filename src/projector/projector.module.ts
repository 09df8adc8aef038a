import { Module } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { DEAD_LETTER_PRODUCER, PROJECTION_OBSERVER, SEARCH_ENGINE } from '../constants';
import { ProjectionObserver } from './projection-observer';
import { SearchEngine } from '../search-engine/search-engine.port';
import { BatchProjector } from './batch-projector';
import { CheckpointStore } from './checkpoint-store';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { ProjectorService } from './projector.service';

@Module({
  providers: [
    { provide: CheckpointStore, inject: [SEARCH_ENGINE], useFactory: (engine: SearchEngine) => new CheckpointStore(engine) },
    { provide: DeadLetterPublisher, inject: [DEAD_LETTER_PRODUCER], useFactory: (producer: Producer) => new DeadLetterPublisher(producer) },
    {
      provide: BatchProjector,
      inject: [SEARCH_ENGINE, CheckpointStore, DeadLetterPublisher, PROJECTION_OBSERVER],
      useFactory: (engine: SearchEngine, checkpoints: CheckpointStore, letters: DeadLetterPublisher, observer: ProjectionObserver) =>
        new BatchProjector(engine, checkpoints, letters, observer),
    },
    ProjectorService,
  ],
  exports: [ProjectorService, BatchProjector, CheckpointStore],
})
export class ProjectorModule {}
