import { Projection } from '../projections/projection';
import { applyParked } from '../projector/document-history';
import { documentOperation } from '../projector/document-operation';
import { readDocuments } from '../projector/read-documents';
import { SearchEngine } from '../search-engine/search-engine.port';

export interface GapResolution {
  id: string;
  applied: number[];
  skipped: number[];
}

/**
 * Applies a document's parked events over its gap and stores it with a higher external version. The
 * projector may hold an older copy: its next write for this document then conflicts and it folds again
 * over what this stored, so nothing it folds meanwhile is lost.
 */
export async function resolveGap(engine: SearchEngine, projection: Projection, index: string, id: string): Promise<GapResolution | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = (await readDocuments(engine, index, [id])).get(id);
    if (!current || current.parked.length === 0) return undefined;
    const { next, applied, skipped } = applyParked(projection, current);
    // Nothing applies without the aggregate's first event: there is no state to carry the parked ones.
    if (applied.length === 0) return { id, applied, skipped };
    const [item] = await engine.bulk([documentOperation(projection, index, id, next)]);
    if (item.outcome === 'written') return { id, applied, skipped };
    if (item.outcome !== 'version-conflict') throw new Error(`resolving the gap of ${id}: ${item.status} ${item.error?.reason ?? ''}`);
  }
  throw new Error(`resolving the gap of ${id}: the document kept changing; try again`);
}
