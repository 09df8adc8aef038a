import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { DEAD_LETTER_PRODUCER, KAFKA } from '../constants';
import { createKafka } from './create-kafka';

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
      useFactory: (kafka: Kafka) => kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Murmur2, as Java producers partition: a dead letter lands in the same partition number as a Java client would put it.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
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
