import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { exited } from '../support/child-service';
import { faultyStream } from '../support/faulty-stream';
import { localStackManaged, waitFor } from '../support/integration';
import { startEngine, stopEngine } from '../support/local-stack';
import { expectClean, FULL, runScenario, sleep } from './harness';

jest.setTimeout(FULL ? 3_600_000 : 900_000);

const size = (full: number, short: number) => (FULL ? full : short);
const TOKEN = 'fault-suite-admin-token';
const onLocalStack = localStackManaged ? it : it.skip;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('fault suite: rebuilds and a long outage', () => {
  it('rebuild: a stream with bad messages rebuilt; one rebuild SIGKILLed half-way and resumed; another aborted', async () => {
    const fs = faultyStream({ seed: 137, products: size(30_000, 6_000), danceHalls: 0, poisonEvery: 97 });
    // Small write-behind buffers: the replay stores its checkpoints as it goes, so "half-way" is a moment.
    const env = { ADMIN_TOKEN: TOKEN, REBUILD_LOCK_TTL_MS: '4000', WRITE_BEHIND_MAX_DOCS: '300' };
    expectClean(
      await runScenario('rebuild', { stream: fs.stream, poison: fs.poison.length, events: fs.messages.length }, async (run) => {
        const admin = async (method: string, port = run.config.PORT) =>
          (await (await fetch(`http://127.0.0.1:${port}/admin/projections/products/rebuild`, { method, headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { id: string; phase: string; replayed: number; target: number };
        const first = run.start({ FAILPOINT: 'rebuild-halfway', FAILPOINT_MARKER: join(tmpdir(), `failpoint-${randomBytes(4).toString('hex')}`) });
        await run.publish(fs.messages);
        await run.until(fs.messages.length);
        const started = await waitFor('the rebuild to start', async () => admin('POST').catch(() => undefined));
        expect((await exited(first)).signal).toBe('SIGKILL'); // killed itself half-way through the replay
        run.start();
        const resumed = await waitFor('the rebuild to be resumed and completed', async () => {
          const r = await admin('GET').catch(() => undefined);
          return r?.phase === 'completed' ? r : undefined;
        }, { timeoutMs: 300_000, intervalMs: 500 });
        expect(resumed.id).toBe(started.id);
        const second = await admin('POST');
        const aborted = await admin('DELETE');
        expect([second.id, aborted.phase]).toEqual([aborted.id, 'aborted']);
      }, env),
    );
  });

  onLocalStack('engine down for long under a steady publish rate: bounded memory, not ready with the reason, then caught up', async () => {
    const fs = faultyStream({ seed: 139, products: size(40_000, 3_000), danceHalls: size(2_000, 100), poisonEvery: 211 });
    const downMs = size(300_000, 40_000);
    expectClean(
      await runScenario('engine down for long', { stream: fs.stream, poison: fs.poison.length, events: fs.messages.length }, async (run) => {
        const child = run.start();
        const perSecond = Math.ceil(fs.messages.length / ((downMs + 20_000) / 1000));
        let sent = 0;
        const publishing = (async () => {
          while (sent < fs.messages.length) {
            await run.publish(fs.messages.slice(sent, sent + perSecond));
            sent += perSecond;
            await sleep(1000);
          }
        })();
        await run.until(perSecond * 5);
        const before = rssMiB(child.pid!);
        stopEngine();
        let peak = before;
        const readiness: number[] = [];
        const reasons = new Set<string>();
        for (const deadline = Date.now() + downMs; Date.now() < deadline; ) {
          peak = Math.max(peak, rssMiB(child.pid!));
          const ready = await fetch(`http://127.0.0.1:${run.config.PORT}/health/ready`).catch(() => undefined);
          if (ready) {
            readiness.push(ready.status);
            reasons.add(JSON.stringify(await ready.json()).slice(0, 300));
          }
          await sleep(2000);
        }
        startEngine();
        await publishing;
        process.stdout.write(`  engine down for ${downMs / 1000} s at ${perSecond} messages/s: RSS ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at most\n`);
        expect(child.exitCode).toBeNull();
        expect(readiness.slice(3).every((s) => s === 503)).toBe(true);
        expect([...reasons].some((r) => /search engine/i.test(r))).toBe(true);
        expect(peak - before).toBeLessThan(150);
      }),
    );
  });
});
