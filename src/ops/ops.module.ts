import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectorModule } from '../projector/projector.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness';
import { ProjectionStatusService } from './projection-status.service';
import { RebuildModule } from '../rebuild/rebuild.module';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), ProjectorModule, RebuildModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators, ProjectionStatusService],
  exports: [ProjectionStatusService],
})
export class OpsModule {}
