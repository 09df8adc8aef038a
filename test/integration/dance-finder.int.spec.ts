import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { topicOfProjection } from '../../src/config/topic-settings';
import { envelope } from '../support/events';
import { AggregateKind } from '../../src/demo/event-stream-generator';
import { readAlias } from '../../src/indices/index-names';
import { topicsOf } from '../../src/join/feeds';
import { DanceEventProjection } from '../../src/projections/dance-event.projection';
import { SearchEngine } from '../../src/search-engine/search-engine.port';
import { faultyStream, OutgoingMessage } from '../support/faulty-stream';
import { publish } from '../support/publish';
import { closeWorld, expectSameDocuments, freePort, isolatedWorld, readModel, waitForCatchUp } from '../support/integration';
import { exited, spawnService } from '../support/child-service';
import { liveIndexOf, startService } from '../support/service';
import { runCli } from '../support/cli';

jest.setTimeout(600_000);

const dances = DanceEventProjection;
// Halls geocoded after their dances, bands renamed, dances moved, deletes and re-creations, redeliveries and poison.
const fs = faultyStream({ seed: 21, products: 0, danceHalls: 60, bands: 40, users: 0, dances: 600, maxChangesPerAggregate: 5, deleteRate: 0.1, poisonEvery: 61 });
const JOINED: AggregateKind[] = ['dance-events', 'dance-halls', 'bands'];
const expectedLive = () => [...fs.stream.expected['dance-events']].filter(([, doc]) => doc !== null);
const of = (kind: AggregateKind) => fs.messages.filter((m) => m.projection === kind);

async function caughtUp(config: AppConfig, engine: SearchEngine): Promise<void> {
  const index = await liveIndexOf(engine, config, dances);
  for (const topic of topicsOf(config, dances)) await waitForCatchUp(config, engine, index, topic);
  await engine.refresh(await index());
}

/** Aggregates that leave no live document: created, then deleted. */
function createdAndDeleted(kind: 'dance-halls' | 'dance-events'): OutgoingMessage[] {
  const created = kind === 'dance-halls' ? ['DanceHallCreated', { name: 'Rivet', city: 'Ånge' }] : ['DanceEventCreated', { danceHallId: randomUUID(), startsAt: '2026-12-05T19:00:00Z' }];
  return Array.from({ length: 24 }, () => randomUUID()).flatMap((id) => [
    { projection: kind, key: id, value: JSON.stringify(envelope(created[0] as string, id, 1, created[1] as Record<string, unknown>)) },
    { projection: kind, key: id, value: JSON.stringify(envelope(kind === 'dance-halls' ? 'DanceHallDeleted' : 'DanceEventDeleted', id, 2, {})) },
  ]);
}

const expectJoinedAsFolded = async (config: AppConfig, engine: SearchEngine) =>
  expectSameDocuments(await readModel(engine, readAlias(config.INDEX_PREFIX, dances), dances.idField), expectedLive());

describe('dance-events, joined across three topics, converge whatever the interleaving', () => {
  it('the generated stream covers what the join must survive', () => {
    const live = expectedLive().map(([, d]) => d!);
    expect(live.filter((d) => (d.refs as { hall?: { location?: unknown } } | undefined)?.hall?.location).length).toBeGreaterThan(300);
    expect(live.filter((d) => !(d.refs as { hall?: unknown } | undefined)?.hall).length).toBeGreaterThan(5); // halls never created
    expect(live.filter((d) => (d.refs as { band?: { name?: string } } | undefined)?.band?.name?.endsWith('& Co')).length).toBeGreaterThan(10); // bands renamed
    expect(fs.poison.filter((p) => JOINED.includes(p.projection)).length).toBeGreaterThan(10);
  });

  const orders = [
    ['dance-events', 'dance-halls', 'bands'],
    ['dance-events', 'bands', 'dance-halls'],
    ['dance-halls', 'dance-events', 'bands'],
    ['dance-halls', 'bands', 'dance-events'],
    ['bands', 'dance-events', 'dance-halls'],
    ['bands', 'dance-halls', 'dance-events'],
  ] as AggregateKind[][];

  it.each(orders.map((o) => [o.join(' → '), o] as const))('topics delivered one after another (%s): equal to the independent fold', async (_name, order) => {
    const { config, engine } = await isolatedWorld('dance-order');
    let app: INestApplication | undefined;
    try {
      app = await startService(config);
      const index = await liveIndexOf(engine, config, dances);
      for (const kind of order) {
        await publish(config, of(kind));
        // Each topic is fully projected before the next arrives: the others see it only as history.
        for (const topic of topicsOf(config, dances)) await waitForCatchUp(config, engine, index, topic);
      }
      await engine.refresh(await index());
      await expectJoinedAsFolded(config, engine);
    } finally {
      await closeWorld(config, engine, app);
    }
  });

  it.each([
    ['halls', ['dance-events', 'bands'], 'dance-halls'],
    ['dances', ['dance-halls', 'bands'], 'dance-events'],
  ] as const)('%s last, SIGKILLed between their documents and the join step, then two instances killed at random: equal to the fold', async (_name, first, last) => {
    const { config, engine } = await isolatedWorld('dance-kill');
    const logFile = join(tmpdir(), `dance-kill-${process.pid}.log`);
    const running: ChildProcess[] = [];
    const spawn = async (env: Record<string, string> = {}) => {
      const child = spawnService(config, logFile, { PORT: String(await freePort()), ...env });
      running.push(child);
      return child;
    };
    try {
      // Aggregates of the last kind created and deleted first give its partitions checkpoints, so the redo after
      // the crash below reads what the crashed batch stored (true duplicates), not a replay from offset zero.
      await publish(config, [...first.flatMap(of), ...createdAndDeleted(last)]);
      const settled = await spawn();
      for (const kind of [...first, last]) await waitForCatchUp(config, engine, await liveIndexOf(engine, config, dances), topicOfProjection(config, kind));
      settled.kill('SIGTERM');
      await exited(settled);

      // The only join step left to run is the last topic's: the first one to reach it kills its process, after
      // its documents are stored and before it embeds or fans out. The redo finds them stored (duplicates).
      await publish(config, of(last));
      const marker = join(tmpdir(), `dance-kill-${process.pid}-${last}`);
      const crashing = await spawn({ FAILPOINT: 'before-join', FAILPOINT_MARKER: marker });
      expect((await exited(crashing)).signal).toBe('SIGKILL');
      expect(existsSync(marker)).toBe(true);

      const [one] = [await spawn(), await spawn()];
      await new Promise((r) => setTimeout(r, 1500));
      one.kill('SIGKILL');
      await caughtUp(config, engine);
      await expectJoinedAsFolded(config, engine);
      for (const child of running) child.kill('SIGTERM');

      if (last !== 'dance-events') return;
      // Status reports the join's three topics, every partition of each caught up.
      const status = runCli(config, 'status').stdout;
      const section = status.slice(status.indexOf('\ndance-events '));
      expect(section).toMatch(/^\ndance-events {2}alias \S+ -> \S+ {2}topic (\S+dance-events), (\S+dance-hall-events), (\S+band-events) {2}lag 0\n/);
      for (const topic of topicsOf(config, dances)) expect(section.split('\n').filter((l) => l.trim().startsWith(`${topic} `))).toHaveLength(6);
      const verified = runCli(config, 'verify', dances.name);
      expect(verified.stdout).toMatch(/ 0 differences/);
      const rebuilt = runCli(config, 'rebuild', dances.name);
      expect(rebuilt.code).toBe(0);
      await engine.refresh(readAlias(config.INDEX_PREFIX, dances));
      await expectJoinedAsFolded(config, engine);
    } finally {
      for (const child of running) child.kill('SIGKILL');
      await closeWorld(config, engine);
    }
  });
});
