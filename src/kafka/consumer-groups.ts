import { Kafka } from 'kafkajs';

/** Deletes a consumer group that has no members left (a finished rebuild's, a verify's). */
export async function deleteConsumerGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } finally {
    await admin.disconnect();
  }
}
