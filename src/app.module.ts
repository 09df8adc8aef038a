import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { KafkaModule } from './kafka/kafka.module';
import { MetricsModule } from './ops/metrics.module';
import { OpsModule } from './ops/ops.module';
import { AdminModule } from './ops/admin.module';
import { ProjectorModule } from './projector/projector.module';
import { SearchEngineModule } from './search-engine/search-engine.module';
import { SearchApiModule } from './search-api/search-api.module';
import { ApiExceptionFilter } from './http/api-exception.filter';

@Module({})
export class AppModule {
  /** The whole service for one configuration; tests boot several side by side with different settings. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              // One line per request only at debug: search traffic would drown the projector's lines at info.
              autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
              redact: ['req.headers.authorization'],
            },
            // LOG_FILE: JSON lines to a file instead of stdout (tests keep their report readable this way).
            config.LOG_FILE ? destination({ dest: config.LOG_FILE, mkdir: true, sync: false }) : destination(1),
          ],
        }),
        // Per client address; operations routes opt out (@SkipThrottle) so scrapers and probes are never limited.
        ThrottlerModule.forRoot([{ ttl: 1000, limit: config.SEARCH_RATE_LIMIT }]),
        MetricsModule,
        SearchEngineModule,
        KafkaModule,
        ProjectorModule,
        OpsModule,
        SearchApiModule,
        ...(config.ADMIN_TOKEN ? [AdminModule] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
