import { Module } from '@nestjs/common';
import { ProjectorModule } from '../projector/projector.module';
import { RebuildService } from './rebuild.service';

@Module({ imports: [ProjectorModule], providers: [RebuildService], exports: [RebuildService] })
export class RebuildModule {}
