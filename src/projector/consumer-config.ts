import { ConsumerConfig } from 'kafkajs';

export interface FetchSettings {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
}

/** The kafkajs settings of a projection's consumer; `stopping` keeps a closing consumer from restarting. */
export const projectionConsumerConfig = (groupId: string, stopping: () => boolean, fetch: FetchSettings): ConsumerConfig => ({
  groupId,
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  // Above the largest message a topic may hold (over 1 MiB ones arrive, to be dead-lettered), or it sticks.
  maxBytesPerPartition: 4 * 1024 * 1024,
  // An idle fetch returns within fetch.maxWaitMs (kafkajs waits 5 s): a seek, such as the one after a cutover,
  // takes effect at the next fetch, and a request may be waiting for it. A busy one returns at minBytes.
  maxWaitTimeInMs: fetch.maxWaitMs,
  minBytes: fetch.minBytes,
  maxBytes: fetch.maxBytes,
  // kafkajs restarts a crashed consumer by itself; never once we are stopping, or it would rejoin after close.
  retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000, restartOnFailure: async () => !stopping() },
});
