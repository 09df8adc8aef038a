import { AppConfig } from '../config/app-config';
import { loadIndexDefinition } from '../indices/index-definitions';
import { nextIndexName, physicalIndexPattern, READ_ALIAS_FILTER, readAlias, sequenceOf } from '../indices/index-names';
import { Projection } from '../projections/projection';
import { IndexDefinition, SearchEngine } from '../search-engine/search-engine.port';

/** The physical indices a rebuild creates, switches to and retires. */
export class RebuildIndices {
  constructor(
    private readonly engine: SearchEngine,
    private readonly config: AppConfig,
  ) {}

  /** The next number in the projection's index sequence, so concurrent starts agree on the name. */
  async nextName(projection: Projection): Promise<string> {
    const existing = await this.engine.listIndices(physicalIndexPattern(this.config.INDEX_PREFIX, projection));
    return nextIndexName(this.config.INDEX_PREFIX, projection, existing);
  }

  async create(projection: Projection, index: string, bulkLoadSettings: boolean): Promise<void> {
    if (await this.engine.indexExists(index)) return;
    const { definition } = loadIndexDefinition(projection, this.config.INDEX_MAPPINGS_DIR);
    await this.engine.createIndex(index, bulkLoadSettings ? bulkLoadDefinition(definition) : definition);
  }

  /** Restores the real settings, refreshes, and moves the read alias in one request. */
  async cutOver(projection: Projection, index: string, bulkLoadSettings: boolean): Promise<void> {
    if (bulkLoadSettings) {
      const { definition } = loadIndexDefinition(projection, this.config.INDEX_MAPPINGS_DIR);
      const settings = (definition.settings.index ?? {}) as Record<string, unknown>;
      await this.engine.putSettings(index, {
        index: { refresh_interval: settings.refresh_interval ?? '1s', auto_expand_replicas: settings.auto_expand_replicas ?? '0-1' },
      });
    }
    await this.engine.refresh(index);
    const alias = readAlias(this.config.INDEX_PREFIX, projection);
    const current = await this.engine.aliasTargets(alias);
    // One request: searches see the old index or the new one, never neither and never both.
    await this.engine.updateAliases([
      ...current.filter((i) => i !== index).map((old) => ({ remove: { index: old, alias } })),
      { add: { index, alias, filter: READ_ALIAS_FILTER } },
    ]);
  }

  /** Deletes indices older than `keep`, beyond the REBUILD_KEEP_INDICES most recent. */
  async retire(projection: Projection, keep: string): Promise<string[]> {
    const all = await this.engine.listIndices(physicalIndexPattern(this.config.INDEX_PREFIX, projection));
    const older = all
      .filter((i) => i !== keep && sequenceOf(i) !== undefined && sequenceOf(i)! < sequenceOf(keep)!)
      .sort((a, b) => sequenceOf(b)! - sequenceOf(a)!)
      .slice(this.config.REBUILD_KEEP_INDICES);
    for (const index of older) await this.engine.deleteIndex(index);
    return older;
  }

  /** A failed replay leaves no partial index behind, unless the alias already points at it. */
  async discardPartial(projection: Projection, index: string): Promise<void> {
    const targets = await this.engine.aliasTargets(readAlias(this.config.INDEX_PREFIX, projection)).catch(() => [index]);
    if (!targets.includes(index)) await this.engine.deleteIndex(index).catch(() => undefined);
  }
}

/** Bulk-load settings: no refreshes and no replicas while replaying, as the engines recommend for reindexing. */
export function bulkLoadDefinition(definition: IndexDefinition): IndexDefinition {
  const index = (definition.settings.index ?? {}) as Record<string, unknown>;
  return {
    ...definition,
    settings: { ...definition.settings, index: { ...index, refresh_interval: '-1', number_of_replicas: 0, auto_expand_replicas: false } },
  };
}
