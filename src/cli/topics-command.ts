import { sourceTopics } from '../config/topic-settings';
import { ensureTopics } from '../kafka/admin';
import { withContext } from './context';

/** Creates every registered projection's topic and its dead-letter topic (stack:up and compose run this). */
export async function createTopics(options: { partitions: string }): Promise<void> {
  await withContext(async ({ config, kafka }) => {
    const { topics, created } = await ensureTopics(kafka, sourceTopics(config), Number(options.partitions));
    console.log(`topics ready: ${topics.join(', ')}${created.length ? ` (created ${created.length})` : ''}`);
  });
}
