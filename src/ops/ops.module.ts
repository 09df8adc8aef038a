import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectorModule } from '../projector/projector.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), ProjectorModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class OpsModule {}
