import { isTopicName } from '../kafka/admin';

/** One event's place in Kafka: the search must not run before its effect is searchable. */
export interface TokenPosition {
  topic: string;
  partition: number;
  offset: number;
}

export class InvalidConsistencyTokenError extends Error {}

/** More entries than any one request publishes; a bound so a token cannot make one request watch everything. */
export const MAX_TOKEN_ENTRIES = 256;

export const positionKey = (topic: string, partition: number): string => `${topic}:${partition}`;

/**
 * Parses `topic:partition:offset[,…]`. Topic names cannot hold a colon, so the last two fields are the
 * numbers. Several entries for one partition keep the highest offset: waiting for it covers the others.
 */
export function parseConsistencyToken(text: string): TokenPosition[] {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length > MAX_TOKEN_ENTRIES) {
    throw new InvalidConsistencyTokenError(`a token has at most ${MAX_TOKEN_ENTRIES} entries (got ${entries.length})`);
  }
  const highest = new Map<string, TokenPosition>();
  for (const entry of entries) {
    const position = parseEntry(entry);
    const key = positionKey(position.topic, position.partition);
    if ((highest.get(key)?.offset ?? -1) < position.offset) highest.set(key, position);
  }
  return [...highest.values()];
}

function parseEntry(entry: string): TokenPosition {
  const match = /^(.+):(\d{1,9}):(\d{1,20})$/.exec(entry);
  if (!match) throw new InvalidConsistencyTokenError(`'${entry.slice(0, 100)}' is not topic:partition:offset`);
  const [, topic, partition, offset] = match;
  if (!isTopicName(topic)) throw new InvalidConsistencyTokenError(`'${topic.slice(0, 100)}' is not a Kafka topic name`);
  if (!Number.isSafeInteger(Number(offset))) throw new InvalidConsistencyTokenError(`offset ${offset} is out of range`);
  return { topic, partition: Number(partition), offset: Number(offset) };
}

export const formatConsistencyToken = (positions: readonly TokenPosition[]): string =>
  positions.map((p) => `${p.topic}:${p.partition}:${p.offset}`).join(',');
