import { SearchEngine } from '../search-engine/search-engine.port';
import { currentFromStored, CurrentDocument } from './fold-batch';

/** What the index holds for these ids, as histories (absent ids are left out), in one mget. */
export async function readDocuments(engine: SearchEngine, index: string, ids: string[]): Promise<Map<string, CurrentDocument>> {
  const current = new Map<string, CurrentDocument>();
  for (const [id, doc] of await engine.mget(index, ids)) current.set(id, currentFromStored(doc)!);
  return current;
}
