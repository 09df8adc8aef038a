import { chooseTestRoute, dockerSocket } from '../routes/test-route';

describe('which servers the integration tests use', () => {
  const endpoints = { KAFKA_BROKERS: '127.0.0.1:9092', SEARCH_URL: 'http://127.0.0.1:9200' };

  it('uses configured endpoints first, Docker or not', () => {
    expect(chooseTestRoute(endpoints, true).route).toBe('endpoints');
    expect(chooseTestRoute({ ...endpoints, TEST_ROUTE: 'containers' }, true).route).toBe('endpoints');
  });

  it('refuses half a configuration', () => {
    expect(() => chooseTestRoute({ KAFKA_BROKERS: '127.0.0.1:9092' }, true)).toThrow(/set both KAFKA_BROKERS and SEARCH_URL/);
    expect(() => chooseTestRoute({ SEARCH_URL: 'http://127.0.0.1:9200' }, false)).toThrow(/only SEARCH_URL/);
  });

  it('then testcontainers when a Docker engine answers, else the local stack', () => {
    expect(chooseTestRoute({}, true).route).toBe('containers');
    expect(chooseTestRoute({}, false).route).toBe('local-stack');
  });

  it('lets TEST_ROUTE force the local stack, or containers only where Docker answers', () => {
    expect(chooseTestRoute({ TEST_ROUTE: 'local-stack' }, true).route).toBe('local-stack');
    expect(chooseTestRoute({ TEST_ROUTE: 'containers' }, true).route).toBe('containers');
    expect(() => chooseTestRoute({ TEST_ROUTE: 'containers' }, false)).toThrow(/no Docker engine answers/);
    expect(() => chooseTestRoute({ TEST_ROUTE: 'kubernetes' }, true)).toThrow(/TEST_ROUTE must be/);
  });

  it('probes the unix socket DOCKER_HOST names, or the default one', () => {
    expect(dockerSocket({})).toBe('/var/run/docker.sock');
    expect(dockerSocket({ DOCKER_HOST: 'unix:///tmp/d/docker.sock' })).toBe('/tmp/d/docker.sock');
    expect(dockerSocket({ DOCKER_HOST: 'tcp://10.0.0.1:2375' })).toBeUndefined();
  });
});
