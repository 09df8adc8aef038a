import { Kafka } from 'kafkajs';
import { withAdmin } from '../kafka/admin';

/**
 * How many partitions each topic has, from the broker, cached. A partition beyond the count is asked about
 * again at most every `recheckMs` (partitions can be added to a topic); a broker that does not answer says
 * nothing, so the request waits rather than being refused.
 */
export class PartitionCounts {
  private readonly known = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly recheckMs = 10_000,
  ) {}

  /** False only when the broker said the partition does not exist. */
  async exists(topic: string, partition: number): Promise<boolean> {
    const cached = this.known.get(topic);
    if (cached && (partition < cached.count || Date.now() - cached.at < this.recheckMs)) return partition < cached.count;
    const count = await this.fetch(topic);
    return count === undefined || partition < count;
  }

  private async fetch(topic: string): Promise<number | undefined> {
    try {
      const metadata = await withAdmin(this.kafka, (admin) => admin.fetchTopicMetadata({ topics: [topic] }));
      const count = metadata.topics[0]?.partitions.length ?? 0;
      this.known.set(topic, { count, at: Date.now() });
      return count;
    } catch {
      return undefined;
    }
  }
}
