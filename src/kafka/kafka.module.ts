import { Global, Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Kafka, Producer } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { DEAD_LETTER_PRODUCER, KAFKA } from '../constants';
import { createKafka, PRODUCER_OPTIONS } from './create-kafka';

// The dead-letter producer is connected and disconnected by the projector service, which alone knows when its
// start has settled: a disconnect here could come before that start's connect.
@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [AppConfig, PinoLogger],
      useFactory: (config: AppConfig, logger: PinoLogger) =>
        createKafka(config, (level, message, extra) => logger[level]({ kafka: extra }, message)),
    },
    {
      provide: DEAD_LETTER_PRODUCER,
      inject: [KAFKA],
      // Idempotent, so a retried send after a lost acknowledgement does not write a dead letter twice.
      useFactory: (kafka: Kafka) => kafka.producer(PRODUCER_OPTIONS),
    },
  ],
  exports: [KAFKA, DEAD_LETTER_PRODUCER],
})
export class KafkaModule {}
