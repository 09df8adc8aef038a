import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Kafka, Producer } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { DEAD_LETTER_PRODUCER, KAFKA } from '../constants';
import { createKafka, PRODUCER_OPTIONS } from './create-kafka';

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
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(DEAD_LETTER_PRODUCER) private readonly producer: Producer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
