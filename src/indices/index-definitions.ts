import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Projection } from '../projections/projection';
import { IndexDefinition } from '../search-engine/search-engine.port';
import { STORAGE_PROPERTIES } from './index-names';

export const MAPPINGS_DIR = process.env.INDEX_MAPPINGS_DIR ?? join(__dirname, '..', '..', 'index-mappings');

/** Stored in each index's `_meta`, so a running service can tell an index built by other code or mappings. */
export interface IndexMeta {
  projection: string;
  projectionVersion: number;
  mappingHash: string;
}

export interface ProjectionIndexDefinition {
  definition: IndexDefinition;
  meta: IndexMeta;
}

/** Reads a projection's index-mappings/ file and stamps its hash and the projection version into `_meta`. */
export function loadIndexDefinition(projection: Projection, dir = MAPPINGS_DIR): ProjectionIndexDefinition {
  const text = readFileSync(join(dir, projection.mappingFile), 'utf8');
  const file = JSON.parse(text) as IndexDefinition;
  const properties = (file.mappings.properties ?? {}) as Record<string, unknown>;
  const parsed: IndexDefinition = { ...file, mappings: { ...file.mappings, properties: { ...STORAGE_PROPERTIES, ...properties } } };
  // Hash the parsed JSON, not the bytes, so reformatting a file does not ask for a rebuild.
  const mappingHash = createHash('sha256').update(JSON.stringify(parsed)).digest('hex').slice(0, 16);
  const meta: IndexMeta = { projection: projection.name, projectionVersion: projection.version, mappingHash };
  return {
    meta,
    definition: { settings: parsed.settings, mappings: { ...parsed.mappings, _meta: meta } },
  };
}

export const metaMatches = (stored: Record<string, unknown> | undefined, expected: IndexMeta): boolean =>
  stored?.projectionVersion === expected.projectionVersion && stored?.mappingHash === expected.mappingHash;
