import { readAlias } from '../indices/index-names';
import { resolveGap } from '../ops/gap-resolver';
import { listOpenGaps, readOpenGaps } from '../ops/open-gaps';
import { verifyProjection } from '../verify/verify-projection';
import { pad, projectionArg, withContext } from './context';

export async function verify(name: string): Promise<void> {
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

export async function gaps(name: string, options: { resolve?: string[] }): Promise<void> {
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

