import { Presets, SingleBar } from 'cli-progress';
import { hostname } from 'node:os';
import { createRebuilds } from '../rebuild/create-rebuilds';
import { sleep } from '../shared/retry';
import { projectionArg, withContext } from './context';

export async function rebuild(name: string, options: { bulkLoadSettings: boolean }): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, kafka, engine }) => {
    const { rebuilds, close } = createRebuilds({ kafka, engine, config, owner: `cli@${hostname()}:${process.pid}` });
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
    await close();
  });
}

export async function abort(name: string): Promise<void> {
  const projection = projectionArg(name);
  await withContext(async ({ config, kafka, engine }) => {
    const { rebuilds } = createRebuilds({ kafka, engine, config, owner: 'cli' });
    const r = await rebuilds.abort(projection);
    console.log(`rebuild ${r.id} of ${projection.name}: ${r.phase}${r.phase !== 'aborted' ? ' (abort requested; its owner stops within a second)' : ''}`);
  });
}

