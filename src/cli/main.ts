import 'reflect-metadata';
import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { hostname } from 'node:os';
import { Kafka } from 'kafkajs';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { createKafka } from '../kafka/create-kafka';
import { IndexerMetrics } from '../ops/metrics';
import { ProjectionStatusReader } from '../ops/projection-status-reader';
import { listOpenGaps, readOpenGaps } from '../ops/open-gaps';
import { resolveGap } from '../ops/gap-resolver';
import { readAlias } from '../indices/index-names';
import { findProjection, PROJECTIONS } from '../projections';
import { Projection } from '../projections/projection';
import { BatchProjector } from '../projector/batch-projector';
import { CheckpointStore } from '../projector/checkpoint-store';
import { DeadLetterPublisher, dlqTopic } from '../projector/dead-letter-publisher';
import { BlueGreenRebuild } from '../rebuild/blue-green-rebuild';
import { createSearchEngine } from '../search-engine/create-search-engine';
import { SearchEngine } from '../search-engine/search-engine.port';
import { sleep } from '../shared/retry';
import { verifyProjection } from '../verify/verify-projection';
import { readDeadLetters, republish } from './dlq-replay';

interface Context {
  config: AppConfig;
  kafka: Kafka;
  engine: SearchEngine;
}

/** Every command works straight against Kafka and the engine with the service's own environment. */
async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const engine = createSearchEngine(config);
  try {
    return await fn({ config, kafka: createKafka(config, undefined, '-cli'), engine });
  } finally {
    await engine.close();
  }
}

function projectionArg(name: string): Projection {
  const projection = findProjection(name);
  if (!projection) throw new Error(`unknown projection '${name}'; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  return projection;
}

const pad = (s: unknown, n: number) => String(s ?? '-').padEnd(n);

async function status(): Promise<void> {
  await withContext(async ({ config, kafka, engine }) => {
    const reader = new ProjectionStatusReader(kafka, engine, config);
    const rebuilds = new BlueGreenRebuild({ kafka, engine, config, ...rebuildParts(kafka, engine), owner: 'cli', log: () => undefined });
    for (const projection of PROJECTIONS) {
      const r = await reader.read(projection, undefined, await rebuilds.status(projection));
      console.log(`\n${r.name}  alias ${r.alias} -> ${r.activeIndex ?? '(none)'}  topic ${r.topic}  lag ${r.lag}`);
      console.log(`  rebuild needed: ${r.rebuildNeeded ? `yes (${r.rebuildNeededReason})` : 'no'}`);
      console.log(`  open gaps: ${r.gaps.open}${r.gaps.oldestSince ? ` (oldest since ${r.gaps.oldestSince}; list them with \`gaps ${r.name}\`)` : ''}`);
      if (r.rebuild) console.log(`  last rebuild: ${r.rebuild.phase} ${r.rebuild.targetIndex} ${r.rebuild.replayed}/${r.rebuild.target} started ${r.rebuild.startedAt}${r.rebuild.finishedAt ? ` finished ${r.rebuild.finishedAt}` : ''}`);
      console.log(`  ${pad('partition', 10)}${pad('checkpoint', 12)}${pad('end offset', 12)}lag`);
      for (const p of r.partitions) console.log(`  ${pad(p.partition, 10)}${pad(p.checkpoint, 12)}${pad(p.endOffset, 12)}${p.lag}`);
    }
  });
}

function rebuildParts(kafka: Kafka, engine: SearchEngine) {
  const metrics = new IndexerMetrics();
  const checkpoints = new CheckpointStore(engine);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  return { metrics, checkpoints, batchProjector: new BatchProjector(engine, checkpoints, new DeadLetterPublisher(producer), metrics), producer };
}

async function rebuild(name: string, options: { bulkLoadSettings: boolean }): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, kafka, engine }) => {
    const parts = rebuildParts(kafka, engine);
    const rebuilds = new BlueGreenRebuild({ kafka, engine, config, ...parts, owner: `cli@${hostname()}:${process.pid}`, log: () => undefined });
    const record = await rebuilds.start(projection, { bulkLoadSettings: options.bulkLoadSettings });
    console.log(`rebuild ${record.id}: ${projection.name} -> ${record.targetIndex}`);
    process.once('SIGINT', () => {
      console.log('\nstopping; the rebuild resumes from its checkpoints on the next start or `rebuild`, or run `abort`');
      void rebuilds.stopAll().then(() => process.exit(130));
    });
    const bar = new SingleBar({ format: ' {bar} {value}/{total} events | {rate}/s | ETA {eta_formatted} | {phase}', hideCursor: true }, Presets.shades_classic);
    bar.start(1, 0, { rate: 0, phase: 'replaying' });
    const started = Date.now();
    for (;;) {
      const r = await rebuilds.status(projection);
      if (!r) break;
      const rate = Math.round(r.replayed / Math.max(1, (Date.now() - started) / 1000));
      bar.setTotal(Math.max(r.target, r.replayed, 1));
      bar.update(r.replayed, { rate, phase: r.phase });
      if (!['replaying', 'cutting-over'].includes(r.phase)) {
        bar.stop();
        console.log(`${r.phase}: ${r.replayed} events in ${((Date.now() - started) / 1000).toFixed(1)} s${r.error ? ` (${r.error})` : ''}`);
        if (r.phase !== 'completed') process.exitCode = 1;
        break;
      }
      await sleep(500);
    }
    await rebuilds.waitFor(projection);
    await parts.producer.disconnect();
  });
}

async function abort(name: string): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, kafka, engine }) => {
    const rebuilds = new BlueGreenRebuild({ kafka, engine, config, ...rebuildParts(kafka, engine), owner: 'cli', log: () => undefined });
    const r = await rebuilds.abort(projection);
    console.log(`rebuild ${r.id} of ${projection.name}: ${r.phase}${r.phase !== 'aborted' ? ' (abort requested; its owner stops within a second)' : ''}`);
  });
}

async function verify(name: string): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, kafka, engine }) => {
    const report = await verifyProjection(kafka, engine, config, projection);
    for (const d of report.differences.slice(0, 100)) {
      console.log(`${pad(d.kind, 8)} ${d.id}  expected v${d.expectedVersion ?? '-'}  index v${d.actualVersion ?? '-'}${d.detail ? `  ${d.detail}` : ''}`);
    }
    if (report.differences.length > 100) console.log(`... and ${report.differences.length - 100} more`);
    const byKind = report.differences.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.kind]: (acc[d.kind] ?? 0) + 1 }), {});
    console.log(
      `verify ${report.projection} (${report.index}): ${report.eventsRead} messages folded, ${report.expectedLive} documents expected, ` +
        `${report.actualLive} in the index, ${report.differences.length} differences ${JSON.stringify(byKind)}`,
    );
    for (const g of report.gaps.slice(0, 100)) console.log(`gap      ${g.id}  applied v${g.version}, waiting for v${g.waitingFor}, versions beyond: ${g.beyond.join(' ')}`);
    if (report.gaps.length > 0) console.log(`${report.gaps.length} documents have a gap in their history: their later events wait, parked, until the missing versions arrive`);
    if (report.differences.length > 0) process.exitCode = 1;
  });
}

async function gaps(name: string, options: { resolve?: string[] }): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, engine }) => {
    const index = (await engine.aliasTargets(readAlias(config.INDEX_PREFIX, projection)))[0];
    if (!index) throw new Error(`projection ${projection.name} has no index yet`);
    for (const id of options.resolve ?? []) {
      const r = await resolveGap(engine, projection, index, id);
      console.log(r ? `${id}: applied v${r.applied.join(', v') || ' none'}${r.skipped.length ? `, not applied (nothing to apply them to) v${r.skipped.join(', v')}` : ''}` : `${id}: no open gap`);
    }
    const open = await listOpenGaps(engine, index);
    console.log(`${pad('document', 38)}${pad('kind', 11)}${pad('applied', 9)}${pad('waiting', 9)}${pad('since', 26)}parked versions`);
    for (const g of open) console.log(`${pad(g.id, 38)}${pad(g.kind, 11)}${pad(g.appliedVersion, 9)}${pad(g.waitingFor, 9)}${pad(g.since, 26)}${g.parkedVersions.join(' ')}`);
    console.log(`${(await readOpenGaps(engine, index)).open} open gaps in ${index}${open.length === 100 ? ' (oldest 100 shown)' : ''}`);
  });
}

async function replayDlq(topic: string, options: { execute: boolean }): Promise<void> {
  await withContext(async ({ config, kafka }) => {
    const dlq = topic.endsWith('.dlq') ? topic : dlqTopic(topic);
    const { entries, commit } = await readDeadLetters(kafka, dlq, `${config.KAFKA_GROUP_ID}.dlq-replay`);
    for (const e of entries) {
      console.log(`${e.partition}:${e.offset}  ${pad(e.errorCode, 18)} from ${e.originTopic}[${e.originPartition}]@${e.originOffset}  key ${e.key?.toString() ?? '(none)'}  ${e.errorMessage.slice(0, 120)}`);
    }
    if (!options.execute) {
      console.log(`${entries.length} dead letters in ${dlq} not yet replayed (dry run; add --execute to re-publish them to their origin topics)`);
      return;
    }
    await republish(kafka, entries);
    await commit();
    console.log(`re-published ${entries.length} messages from ${dlq} to their origin topics`);
  });
}

const program = new Command()
  .name('search-indexer')
  .description('Operate the search indexing service: status, blue-green rebuilds, consistency checks, dead letters');
program.command('status').description('alias, active index, rebuild state and per-partition checkpoint / end offset / lag').action(status);
program
  .command('rebuild <projection>')
  .description('blue-green rebuild from offset zero, with a progress bar; Ctrl-C leaves it resumable')
  .option('--no-bulk-load-settings', 'replay with the final index settings (refreshes and replicas on), for comparison')
  .action(rebuild);
program.command('abort <projection>').description('abort a running rebuild; the live index is untouched').action(abort);
program
  .command('gaps <projection>')
  .description('documents whose events wait above a gap in their versions, oldest first')
  .option('--resolve <ids...>', 'give up waiting: apply these documents\' parked events over their gaps')
  .action(gaps);
program.command('verify <projection>').description('fold the topic independently and compare with the read model; exit 1 on any difference').action(verify);
program
  .command('replay-dlq <topic>')
  .description('list dead letters of <topic> (or <topic>.dlq) not yet replayed; with --execute re-publish them to their origin topic')
  .option('--execute', 're-publish instead of only listing', false)
  .action(replayDlq);

program.parseAsync().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : `error: ${err.message}`);
  process.exit(2);
});
