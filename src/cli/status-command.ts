import { ProjectionStatusReader } from '../ops/projection-status-reader';
import { PROJECTIONS } from '../projections';
import { createRebuilds } from '../rebuild/create-rebuilds';
import { pad, withContext } from './context';

export async function status(): Promise<void> {
  await withContext(async ({ config, kafka, engine }) => {
    const reader = new ProjectionStatusReader(kafka, engine, config);
    const { rebuilds } = createRebuilds({ kafka, engine, config, owner: 'cli' });
    for (const projection of PROJECTIONS) {
      const r = await reader.read(projection, undefined, await rebuilds.status(projection));
      console.log(`\n${r.name}  alias ${r.alias} -> ${r.activeIndex ?? '(none)'}  topic ${r.topics.join(', ')}  lag ${r.lag}`);
      console.log(`  rebuild needed: ${r.rebuildNeeded ? `yes (${r.rebuildNeededReason})` : 'no'}`);
      console.log(`  open gaps: ${r.gaps.open}${r.gaps.oldestSince ? ` (oldest since ${r.gaps.oldestSince}; list them with \`gaps ${r.name}\`)` : ''}`);
      if (r.rebuild) console.log(`  last rebuild: ${r.rebuild.phase} ${r.rebuild.targetIndex} ${r.rebuild.replayed}/${r.rebuild.target} started ${r.rebuild.startedAt}${r.rebuild.finishedAt ? ` finished ${r.rebuild.finishedAt}` : ''}`);
      // A join reads several topics: its rows name theirs.
      const topic = (name: string) => (r.topics.length > 1 ? pad(name, Math.max(...r.topics.map((t) => t.length)) + 2) : '');
      console.log(`  ${topic('topic')}${pad('partition', 10)}${pad('checkpoint', 12)}${pad('end offset', 12)}lag`);
      for (const p of r.partitions) console.log(`  ${topic(p.topic)}${pad(p.partition, 10)}${pad(p.checkpoint, 12)}${pad(p.endOffset, 12)}${p.lag}`);
    }
  });
}

