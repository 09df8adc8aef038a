import { Projection } from '../projections/projection';
import { SearchEngine } from '../search-engine/search-engine.port';
import { createIndexIfAbsent } from '../search-engine/engine-helpers';
import { loadIndexDefinition } from './index-definitions';
import { physicalIndexName, READ_ALIAS_FILTER, readAlias, STORAGE_PROPERTIES } from './index-names';

/**
 * Returns the physical index behind a projection's read alias, creating the first index and the alias
 * on a fresh cluster. Safe when several instances start together: they all create index 000001.
 */
export async function ensureLiveIndex(engine: SearchEngine, prefix: string, projection: Projection): Promise<string> {
  const alias = readAlias(prefix, projection);
  const targets = await engine.aliasTargets(alias);
  if (targets.length > 0) {
    const active = targets[targets.length - 1];
    // An index made by an older version may lack storage fields added since (parked events): add them.
    await engine.putMapping(active, { ...STORAGE_PROPERTIES });
    return active;
  }
  const index = physicalIndexName(prefix, projection, 1);
  await createIndexIfAbsent(engine, index, loadIndexDefinition(projection).definition);
  await engine.updateAliases([{ add: { index, alias, filter: READ_ALIAS_FILTER } }]);
  return index;
}
