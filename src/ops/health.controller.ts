import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ReadinessIndicators } from './readiness';

@ApiTags('operations')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process runs' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Kafka and the search engine answer and no projection is failed or retrying' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body names the reason' })
  ready() {
    return this.health.check([
      () => this.readiness.kafkaReachable(),
      () => this.readiness.engineReachable(),
      () => this.readiness.projectionsHealthy(),
    ]);
  }
}
