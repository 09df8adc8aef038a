// Creates the event topics and their dead-letter topics on the local broker, idempotently.
// Topics are the event store, hence retention.ms=-1: a projection must always be rebuildable from offset zero.
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const sources = [process.env.PRODUCT_TOPIC || 'product-events', process.env.DANCE_HALL_TOPIC || 'dance-hall-events'];
const topics = sources.flatMap((t) => [t, `${t}.dlq`]);

async function main() {
  const admin = new Kafka({ clientId: 'local-stack', brokers, logLevel: logLevel.NOTHING, retry: { retries: 15 } }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: 6,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '-1' }],
        })),
      });
    }
    console.log(`[stack] topics ready: ${topics.join(', ')}${missing.length ? ` (created ${missing.length})` : ''}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(`[stack] topic creation failed: ${err.message}`);
  process.exit(1);
});
