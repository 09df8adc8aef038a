import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const STACK = join(__dirname, '..', '..', 'local-stack', 'stack.sh');

/** Stops the local OpenSearch node (a real outage: connections are refused until it is back). */
export const stopEngine = () => execFileSync('bash', [STACK, 'stop-engine'], { stdio: 'inherit' });

/** Starts it again on the same data and waits until it answers. */
export const startEngine = () => execFileSync('bash', [STACK, 'start-engine'], { stdio: 'inherit', timeout: 240_000 });

/** Stops the Kafka broker cleanly and starts it again on the same data (a rolling restart of a one-node cluster). */
export const restartKafka = () => execFileSync('bash', [STACK, 'restart-kafka'], { stdio: 'inherit', timeout: 180_000 });
