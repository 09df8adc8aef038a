import { Kafka, logLevel, LogEntry, Partitioners, ProducerConfig, SASLOptions } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { fixKafkajsIdleLoop } from './request-queue-fix';

// Before any client connects: kafkajs's request queues otherwise spin on a 1 ms timer (request-queue-fix.ts).
fixKafkajsIdleLoop();

export type KafkaLogSink = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** One kafkajs client per process, configured from the environment (brokers, SASL, TLS). */
export function createKafka(config: AppConfig, log?: KafkaLogSink, clientIdSuffix = ''): Kafka {
  const sasl: SASLOptions | undefined = config.KAFKA_SASL_MECHANISM
    ? ({
        mechanism: config.KAFKA_SASL_MECHANISM,
        username: config.KAFKA_SASL_USERNAME ?? '',
        password: config.KAFKA_SASL_PASSWORD ?? '',
      } as SASLOptions)
    : undefined;
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}${clientIdSuffix}`,
    brokers: config.KAFKA_BROKERS.split(','),
    ssl: config.KAFKA_SSL ?? false,
    sasl,
    // Generous: on a busy two-core machine a connect under load can take seconds, and a timeout crashes the consumer.
    connectionTimeout: 10_000,
    // kafkajs retries connection failures itself; past these the projector's own retry loop takes over.
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      log?.(LEVELS[entry.level] ?? 'info', `${entry.namespace}: ${message}`, extra);
    },
  });
}

/**
 * How every producer of this project is made (dead letters, DLQ replay, demo, CLI, tests, bench): idempotent,
 * so a send retried after a lost acknowledgement is not written twice; no auto-created topics; murmur2
 * partitioning, so a key lands in the partition a Java producer would choose.
 */
export const PRODUCER_OPTIONS: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};
