import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { KafkaModule } from './kafka/kafka.module';
import { MetricsModule } from './ops/metrics.module';
import { OpsModule } from './ops/ops.module';
import { ProjectorModule } from './projector/projector.module';
import { SearchEngineModule } from './search-engine/search-engine.module';

@Module({})
export class AppModule {
  /** The whole service for one configuration; tests boot several side by side with different settings. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // One line per request only at debug: search traffic would drown the projector's lines at info.
            autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
            redact: ['req.headers.authorization'],
          },
        }),
        ThrottlerModule.forRoot([{ ttl: 1000, limit: 200 }]),
        MetricsModule,
        SearchEngineModule,
        KafkaModule,
        ProjectorModule,
        OpsModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
