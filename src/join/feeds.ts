import { topicOf, TopicSettings } from '../config/topic-settings';
import { Projection, Reference } from '../projections/projection';

const derived = new WeakMap<Projection, readonly Projection[]>();

/**
 * The derived projection that folds a reference's topic into its owner's index: the source projection's
 * events and `evolve`, the owner's name (so its alias, index and mapping), and ids prefixed by the key, so
 * `hall~<id>` never meets a dance's own id.
 */
function referenceFeed(owner: Projection, reference: Reference): Projection {
  const { source } = reference;
  return {
    ...source,
    name: owner.name,
    version: owner.version,
    mappingFile: owner.mappingFile,
    documentId: (event) => `${reference.key}~${event.aggregateId}`,
    references: undefined,
    feedOf: { owner, reference },
  };
}

/**
 * What runs for a projection: itself, reading its own topic, and one feed per reference. Each gets a consumer
 * (and a consumer group) of its own; all write to the projection's index. The same objects every call.
 */
export function feedsOf(projection: Projection): readonly Projection[] {
  let feeds = derived.get(projection);
  if (!feeds) {
    feeds = [projection, ...(projection.references ?? []).map((r) => referenceFeed(projection, r))];
    derived.set(projection, feeds);
  }
  return feeds;
}

/** Every topic a projection's index holds positions of: its own first, then its references'. */
export const topicsOf = (config: { topics: TopicSettings }, projection: Projection): string[] => feedsOf(projection).map((f) => topicOf(config, f));

/** A projection whose documents several writers change in parts: the own fields and each reference. */
export const isJoined = (projection: Projection): boolean => (projection.references?.length ?? 0) > 0 || projection.feedOf !== undefined;

/** How a feed is named in logs, metrics, statuses and consumer groups: `dance-events` and `dance-events~hall`. */
export const feedName = (feed: Projection): string => (feed.feedOf ? `${feed.name}~${feed.feedOf.reference.key}` : feed.name);

/** The feed that writes a document of a projection's index: a reference feed for `<key>~<id>`, else the projection. */
export const feedOfDocument = (projection: Projection, id: string): Projection =>
  feedsOf(projection).find((f) => f.feedOf && id.startsWith(`${f.feedOf.reference.key}~`)) ?? projection;
