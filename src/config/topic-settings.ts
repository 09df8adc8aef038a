import { isTopicName } from '../kafka/admin';
import { findProjection } from '../projections';
import { Projection } from '../projections/projection';

/** Source topic of each topic setting the registry declares, e.g. `{ PRODUCT_TOPIC: 'product-events' }`. */
export type TopicSettings = Readonly<Record<string, string>>;

/** Reads each projection's topic setting from the environment, falling back to its default name. */
export function resolveTopics(env: Record<string, string | undefined>, projections: readonly Projection[]): { topics: TopicSettings; problems: string[] } {
  const topics: Record<string, string> = {};
  const problems: string[] = [];
  for (const { topic } of projections) {
    const value = env[topic.setting]?.trim() || topic.defaultName;
    if (!isTopicName(value) || value.endsWith('.dlq')) {
      problems.push(`${topic.setting} must be a Kafka topic name (letters, digits, . _ -), not a dead-letter topic (got ${JSON.stringify(value)})`);
    }
    topics[topic.setting] = value;
  }
  return { topics, problems };
}

/** The source topic a projection reads under this configuration. */
export const topicOf = (config: { topics: TopicSettings }, projection: Pick<Projection, 'topic'>): string => {
  const topic = config.topics[projection.topic.setting];
  if (topic === undefined) throw new Error(`no topic configured for ${projection.topic.setting}: is the projection in the registry?`);
  return topic;
};

/** The source topic of the registered projection with this name. */
export const topicOfProjection = (config: { topics: TopicSettings }, name: string): string => {
  const projection = findProjection(name);
  if (!projection) throw new Error(`no projection named '${name}' in the registry`);
  return topicOf(config, projection);
};

/** Every source topic, once each, in registry order. */
export const sourceTopics = (config: { topics: TopicSettings }): string[] => [...new Set(Object.values(config.topics))];
