import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, any>;
/** Repository paths a command line names (scripts, test routes), which must exist. */
const pathsIn = (command: string) => command.split(/\s+/).filter((w) => /^(test|scripts|local-stack)\/.+\.(ts|sh)$/.test(w));

describe('files that run elsewhere', () => {
  it('the GitHub workflow parses, covers Elasticsearch 8.19 and 9 and OpenSearch 2 and 3 through testcontainers, and names files that exist', () => {
    const workflow = read('.github/workflows/ci.yml');
    const integration = workflow.jobs.integration;
    expect(integration.env.TEST_ROUTE).toBe('containers');
    const images = (integration.strategy.matrix.include as { engine: string; image: string }[]).map((m) => `${m.engine} ${m.image}`);
    for (const line of [/^elasticsearch .*:8\.19\./, /^elasticsearch .*:9\./, /^opensearch .*:2/, /^opensearch .*:3/]) expect(images.some((i) => line.test(i))).toBe(true);
    const commands = Object.values(workflow.jobs).flatMap((job: any) => job.steps.map((s: { run?: string }) => s.run ?? ''));
    const named = commands.flatMap(pathsIn);
    expect(named).toContain('test/routes/with-containers.ts');
    for (const path of named) expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });

  it('the compose file parses, and the Dockerfile it builds copies only what exists', () => {
    const compose = read('docker-compose.yml');
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'elasticsearch', 'opensearch', 'topics-init']));
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(copied.length).toBeGreaterThan(3);
    for (const path of copied) expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });
});
