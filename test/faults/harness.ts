import { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { AppConfig } from '../../src/config/app-config';
import { topicOf } from '../../src/config/topic-settings';
import { dlqTopic } from '../../src/kafka/admin';
import { readAlias } from '../../src/indices/index-names';
import { PROJECTIONS } from '../../src/projections';
import { createSearchEngine } from '../../src/search-engine/create-search-engine';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { GeneratedStream } from '../../src/demo/event-stream-generator';
import { exited, spawnService } from '../support/child-service';
import { OutgoingMessage } from '../support/faulty-stream';
import { cleanUp, createTopics, freePort, isolatedConfig, readModel, readTopic, waitFor, waitForCatchUp, withoutStorageFields } from '../support/integration';
import { publish } from '../support/publish';
import { liveIndexOf } from '../support/service';

/** `FAULTS_SCALE=full` (npm run test:faults) runs the sizes the issue names; `short` (npm test) keeps CI fast. */
export const FULL = process.env.FAULTS_SCALE === 'full';
export const RESULTS_FILE = process.env.FAULTS_RESULTS ?? join(tmpdir(), 'search-indexer-tests', 'faults.txt');

export interface FaultReport {
  scenario: string;
  events: number;
  lost: number;
  stale: number;
  extra: number;
  deadLetters: number;
  expectedDeadLetters: number;
  duplicatedDeadLetters: number;
}

/** One scenario's world: its own topics, indices and group, and the service processes it runs. */
export class FaultRun {
  readonly services = new Set<ChildProcess>();
  private readonly ports = new Map<ChildProcess, string>();
  readonly logFile: string;

  constructor(
    readonly name: string,
    readonly config: AppConfig,
    readonly engine: SearchEngine,
    /** Ports for instances started while another runs (two in one group): each needs its own HTTP port. */
    private readonly sparePorts: string[] = [],
  ) {
    this.logFile = join(tmpdir(), 'search-indexer-tests', `fault-${name.replace(/\W+/g, '-')}-${process.pid}.log`);
  }

  /** Starts an instance on the scenario's port, or on a spare one while the scenario's port is taken. */
  start(extraEnv: Record<string, string> = {}, config = this.config): ChildProcess {
    const taken = new Set([...this.ports.values()]);
    const port = [config.PORT, ...this.sparePorts].map(String).find((p) => !taken.has(p));
    if (!port) throw new Error(`${this.name}: more instances at once than ports (${taken.size})`);
    const child = spawnService(config, this.logFile, { PORT: port, ...extraEnv });
    this.services.add(child);
    this.ports.set(child, port);
    void exited(child).then(() => {
      this.services.delete(child);
      this.ports.delete(child);
    });
    return child;
  }

  async kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    child.kill(signal);
    await exited(child);
  }

  publish(messages: OutgoingMessage[]): Promise<void> {
    return publish(this.config, messages);
  }

  /** Messages whose effect the projections' live indices hold (checkpoints + 1, summed), as far as a search sees. */
  async progress(): Promise<number> {
    let total = 0;
    for (const p of PROJECTIONS) {
      const index = (await this.engine.aliasTargets(readAlias(this.config.INDEX_PREFIX, p)).catch(() => []))[0];
      // Own topic only: a join's index also holds positions in topics other projections own.
      const own = topicOf(this.config, p);
      if (index) total += (await new CheckpointStore(this.engine).readAll(index).catch(() => [])).filter((c) => c.topic === own).reduce((n, c) => n + c.offset + 1, 0);
    }
    return total;
  }

  /** Waits until the projections have stored at least `n` messages. */
  async until(n: number, timeoutMs = 300_000): Promise<void> {
    await waitFor(`${n} messages stored`, async () => (await this.progress()) >= n, { timeoutMs, intervalMs: 200 });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.services].map((c) => this.kill(c, 'SIGTERM')));
  }
}

/**
 * Runs a scenario: `act` publishes and does harm; then one clean instance catches up (unless one runs), and the
 * read models and the dead-letter topics are compared with what the stream says they must be.
 */
export async function runScenario(
  name: string,
  truth: { stream: GeneratedStream; poison: number; events: number },
  act: (run: FaultRun) => Promise<void>,
  env: Record<string, string> = {},
): Promise<FaultReport> {
  const config = await isolatedConfig(`fault-${name.replace(/\W+/g, '').slice(0, 10)}`, env);
  await createTopics(config);
  const engine = createSearchEngine(config);
  const run = new FaultRun(name, config, engine, [String(await freePort()), String(await freePort())]);
  try {
    await act(run);
    if (run.services.size === 0) run.start();
    for (const p of PROJECTIONS) await waitForCatchUp(config, engine, await liveIndexOf(engine, config, p), topicOf(config, p), 600_000);
    await run.stopAll();
    // The checkpoints say everything is stored; a refresh makes it all searchable before the read model is read
    // (it was measured unrefreshed before, and passed only while stopping the services took over a second).
    for (const p of PROJECTIONS) await engine.refresh(readAlias(config.INDEX_PREFIX, p));
    const report = await measure(run, truth);
    const line = formatReport(report);
    mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
    appendFileSync(RESULTS_FILE, `${line}\n`);
    process.stdout.write(`  ${line}\n`);
    return report;
  } finally {
    await run.stopAll().catch(() => undefined);
    await cleanUp(config);
    await engine.close();
  }
}

async function measure(run: FaultRun, truth: { stream: GeneratedStream; poison: number; events: number }): Promise<FaultReport> {
  let lost = 0;
  let stale = 0;
  let extra = 0;
  for (const p of PROJECTIONS) {
    const expected = truth.stream.expected[p.name as keyof GeneratedStream['expected']] ?? new Map();
    const actual = await readModel(run.engine, readAlias(run.config.INDEX_PREFIX, p), p.idField);
    for (const [id, doc] of expected) {
      const have = actual.get(id);
      if (doc === null) extra += have ? 1 : 0;
      else if (!have) lost += 1;
      else if (!isDeepStrictEqual(withoutStorageFields(have), doc)) stale += 1;
    }
    for (const id of actual.keys()) if (!expected.has(id)) extra += 1;
  }
  const letters = (await Promise.all(PROJECTIONS.map((p) => readTopic(run.config, dlqTopic(topicOf(run.config, p)))))).flat();
  const origins = new Set(letters.map((l) => `${l.headers['dlq-origin-topic']}:${l.headers['dlq-origin-partition']}:${l.headers['dlq-origin-offset']}`));
  return {
    scenario: run.name,
    events: truth.events,
    lost,
    stale,
    extra,
    deadLetters: letters.length,
    expectedDeadLetters: truth.poison,
    duplicatedDeadLetters: letters.length - origins.size,
  };
}

export const formatReport = (r: FaultReport): string =>
  `${r.scenario} · ${r.events} events · lost ${r.lost} · stale ${r.stale} · extra ${r.extra} · dead letters ${r.deadLetters} (${r.expectedDeadLetters}) · duplicated dead letters ${r.duplicatedDeadLetters}`;

/** What every scenario must end with. */
export function expectClean(r: FaultReport): void {
  expect({ lost: r.lost, stale: r.stale, extra: r.extra, deadLetters: r.deadLetters, duplicated: r.duplicatedDeadLetters }).toEqual({
    lost: 0,
    stale: 0,
    extra: 0,
    deadLetters: r.expectedDeadLetters,
    duplicated: 0,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
