import { ConfigError, loadConfig, toEnvironment } from '../../src/config/app-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_CLIENT_ID: 'search-indexer',
      KAFKA_GROUP_ID: 'search-indexer',
      SEARCH_ENGINE: 'opensearch',
      SEARCH_URL: 'http://127.0.0.1:9200',
      topics: { PRODUCT_TOPIC: 'product-events', DANCE_HALL_TOPIC: 'dance-hall-events' },
      INDEX_PREFIX: '',
      PORT: 3000,
      LOG_LEVEL: 'info',
      PROJECTORS_ENABLED: true,
      CAUGHT_UP_CACHE_DOCS: 1000,
      KAFKA_FETCH_MAX_BYTES: 2 * 1024 * 1024,
      SHUTDOWN_TIMEOUT_MS: 8000,
    });
    expect(c.ADMIN_TOKEN).toBeUndefined();
  });

  it('reads values from the environment', () => {
    const c = loadConfig({ SEARCH_ENGINE: 'elasticsearch', PORT: '8080', KAFKA_SSL: 'true', INDEX_PREFIX: 'staging-', PROJECTORS_ENABLED: 'false' });
    expect(c).toMatchObject({ SEARCH_ENGINE: 'elasticsearch', PORT: 8080, KAFKA_SSL: true, INDEX_PREFIX: 'staging-', PROJECTORS_ENABLED: false });
  });

  it.each([
    ['PORT', 'eighty', /PORT must be an integer/],
    ['PORT', '70000', /PORT/],
    ['SEARCH_ENGINE', 'solr', /SEARCH_ENGINE must be elasticsearch or opensearch/],
    ['SEARCH_URL', 'localhost:9200', /SEARCH_URL must be an http/],
    ['KAFKA_BROKERS', 'a b', /KAFKA_BROKERS must be/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['KAFKA_SSL', 'maybe', /KAFKA_SSL must be true or false/],
    ['PROJECTORS_ENABLED', 'no', /PROJECTORS_ENABLED must be true or false/],
    ['CAUGHT_UP_CACHE_DOCS', '-1', /CAUGHT_UP_CACHE_DOCS must be an integer >= 0/],
    ['KAFKA_FETCH_MAX_BYTES', '100', /KAFKA_FETCH_MAX_BYTES must be an integer >= 1024/],
    ['SHUTDOWN_TIMEOUT_MS', '10', /SHUTDOWN_TIMEOUT_MS must be an integer >= 100/],
    ['INDEX_PREFIX', 'Upper', /INDEX_PREFIX/],
    ['ADMIN_TOKEN', 'short', /ADMIN_TOKEN must be at least 16/],
    ['PRODUCT_TOPIC', 'product events', /PRODUCT_TOPIC must be a Kafka topic name/],
    ['DANCE_HALL_TOPIC', 'dance-hall-events.dlq', /DANCE_HALL_TOPIC must be .* not a dead-letter topic/],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('toEnvironment', () => {
  it('gives back, through loadConfig, the same configuration, topics included', () => {
    const config = loadConfig({ PRODUCT_TOPIC: 'p-x', PORT: '4100', KAFKA_SSL: 'true', ADMIN_TOKEN: 'a-token-of-sixteen-chars' });
    const again = loadConfig(toEnvironment(config));
    expect(again).toEqual(config);
    expect(toEnvironment(config)).toMatchObject({ PRODUCT_TOPIC: 'p-x', DANCE_HALL_TOPIC: 'dance-hall-events', PORT: '4100' });
    expect(toEnvironment(config)).not.toHaveProperty('topics');
  });
});
