/**
 * The kafkajs ceiling as a process of its own (`noOpConsumeSecondsApart` starts it): a consumer group that
 * does nothing with the messages, on a heap as small as a fresh service's.
 */
import { Kafka, logLevel } from 'kafkajs';
import { noOpConsumeSeconds } from './ceilings';

export interface ConsumeRun {
  brokers: string[];
  topics: string[];
  total: number;
}

async function main(): Promise<void> {
  const run = JSON.parse(process.argv[2]) as ConsumeRun;
  const kafka = new Kafka({ clientId: 'bench-noop', brokers: run.brokers, logLevel: logLevel.NOTHING });
  process.stdout.write(JSON.stringify(await noOpConsumeSeconds(kafka, run.topics, run.total)));
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
