import { ChildProcess, spawn } from 'node:child_process';
import { sourceTopics, topicOf } from '../../src/config/topic-settings';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { AppConfig, toEnvironment } from '../../src/config/app-config';
import { fetchEndOffsets } from '../../src/kafka/admin';
import { readAlias } from '../../src/indices/index-names';
import { PROJECTIONS } from '../../src/projections';
import { Projection } from '../../src/projections/projection';
import { CheckpointStore } from '../../src/projector/checkpoint-store';
import { catchUp } from '../../src/projector/catch-up';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { sleep } from '../../src/shared/retry';
import { searchAtRate } from './search-load';
import { cpuMeter, peakRssMiB, resetPeakRss } from './process-stats';

const ROOT = join(__dirname, '..', '..');
export const LOG_DIR = join(ROOT, '.local-stack', 'logs');

/** The node flags of `npm start` (package.json), so the bench measures the service as it is run. */
export function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(' ').filter((word) => word.startsWith('--'));
}

/**
 * The built service (dist/main.js) as its own process, so its CPU and memory are its own figures; with the
 * flags of `npm start`, then `nodeFlags`.
 */
export function spawnService(config: AppConfig, logName: string, nodeFlags = ''): ChildProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const env = toEnvironment(config);
  // On the command line, not in NODE_OPTIONS: node refuses some flags there, --cpu-prof among them.
  const flags = [...startFlags(), ...nodeFlags.split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(LOG_DIR, logName), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/**
 * `instances` services in one consumer group, which split the partitions between them: ports from config.PORT
 * up, logs `<name>.log`, `<name>-2.log`, …; `died` rejects when any of them exits (serviceExit).
 */
export function spawnGroup(config: AppConfig, name: string, instances: number, nodeFlags = ''): { children: ChildProcess[]; died: Promise<never> } {
  const logName = (i: number) => `${name}${i ? `-${i + 1}` : ''}.log`;
  const children = Array.from({ length: instances }, (_, i) => spawnService({ ...config, PORT: Number(config.PORT) + i }, logName(i), nodeFlags));
  const died = Promise.race(children.map((child, i) => serviceExit(child, logName(i))));
  died.catch(() => undefined);
  return { children, died };
}

export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
}

/**
 * Rejects when the service process exits, naming its log: raced against a wait, so a service that dies (out of
 * heap, say) fails the wait instead of leaving it without end. Marked handled, so a later, intended exit is quiet.
 */
export function serviceExit(child: ChildProcess, logName: string): Promise<never> {
  const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`the service exited (${code ?? signal}); see .local-stack/logs/${logName}`))));
  exited.catch(() => undefined);
  return exited;
}

/** Waits until every projection has caught up, or fails with `died` (serviceExit) if the service exits first. */
export async function waitAllCaughtUp(kafka: Kafka, engine: SearchEngine, config: AppConfig, died: Promise<never>): Promise<void> {
  for (const p of PROJECTIONS) await Promise.race([waitCaughtUp(kafka, engine, config, p), died]);
}

/** Messages the source topics hold now (their end offsets summed): what a replay from offset zero reads. */
export async function eventsHeld(kafka: Kafka, config: AppConfig): Promise<number> {
  let events = 0;
  for (const topic of sourceTopics(config)) for (const end of (await fetchEndOffsets(kafka, topic)).values()) events += end;
  return events;
}

/** Waits until the index behind a projection's alias holds every message now in its topic. */
export async function waitCaughtUp(kafka: Kafka, engine: SearchEngine, config: AppConfig, projection: Projection, pollMs = 100): Promise<void> {
  const topic = topicOf(config, projection);
  const ends = await fetchEndOffsets(kafka, topic);
  const store = new CheckpointStore(engine);
  for (;;) {
    const index = (await engine.aliasTargets(readAlias(config.INDEX_PREFIX, projection)).catch(() => []))[0];
    if (index && (await catchUp(kafka, store, topic, index, ends).catch(() => undefined))?.caughtUp) return;
    await sleep(pollMs);
  }
}

/** Calls an admin route of the running service. */
export async function admin(config: AppConfig, method: 'GET' | 'POST', path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`http://127.0.0.1:${config.PORT}${path}`, { method, headers: { authorization: `Bearer ${config.ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Asks the running service (process `pid`) to rebuild the products blue-green, waits until the rebuild ends,
 * and returns what it took: seconds from start to cutover, and the service's CPU and peak RSS meanwhile.
 */
export async function rebuildProducts(config: AppConfig, pid: number, died: Promise<never>): Promise<{ phase: string; replayed: number; seconds: number; cpuSeconds: number; peakRssMiB: number }> {
  resetPeakRss(pid);
  const cpu = cpuMeter(pid);
  await admin(config, 'POST', '/admin/projections/products/rebuild');
  let record: Record<string, unknown> = {};
  while (record.phase !== 'completed' && record.phase !== 'failed') {
    await Promise.race([sleep(200), died]);
    record = await admin(config, 'GET', '/admin/projections/products/rebuild');
  }
  const seconds = (Date.parse(String(record.finishedAt)) - Date.parse(String(record.startedAt))) / 1000;
  return { phase: String(record.phase), replayed: Number(record.replayed), seconds, cpuSeconds: cpu.used() ?? 0, peakRssMiB: peakRssMiB(pid) };
}

/** Waits until a service process answers its readiness probe. */
export async function waitAnswering(port: number | string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the service on port ${port} did not become ready in ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * A search replica (PROJECTORS_ENABLED=false) of `config` on the next port, ready and warmed up by 10 s of
 * searches at 50/s (as the idle run warms the projecting service).
 */
export async function startSearchReplica(config: AppConfig, logName: string, nodeFlags = ''): Promise<{ child: ChildProcess; pid: number; port: number }> {
  const port = Number(config.PORT) + 1;
  const child = spawnService({ ...config, PORT: port, PROJECTORS_ENABLED: false }, logName, nodeFlags);
  await waitAnswering(port);
  await searchAtRate(port, 50, 10);
  return { child, pid: child.pid!, port };
}
