import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { PROJECTION_OBSERVER } from '../constants';
import { IndexerMetrics } from './metrics';

@ApiTags('operations')
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: IndexerMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({
  providers: [IndexerMetrics, { provide: PROJECTION_OBSERVER, useExisting: IndexerMetrics }],
  controllers: [MetricsController],
  exports: [IndexerMetrics, PROJECTION_OBSERVER],
})
export class MetricsModule {}
