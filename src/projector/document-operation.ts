import { OWN_FIELDS_SCRIPT } from '../join/join-scripts';
import { Projection } from '../projections/projection';
import { BulkOperation } from '../search-engine/search-engine.port';
import { CurrentDocument, PARKED_SLOTS, storedVersion, toStoredDocument } from './fold-batch';

/**
 * How a document history is stored: as a whole document with its external version; or, for a read model
 * that joins other topics, by a script that checks the same version but keeps the references other writers
 * embedded (an external version cannot tell "newer" from "changed in another part").
 */
export function documentOperation(projection: Projection, index: string, id: string, doc: CurrentDocument): BulkOperation {
  const document = toStoredDocument(projection, id, doc);
  const version = storedVersion(doc);
  if (!projection.references?.length) return { index, id, document, externalVersion: version };
  return { kind: 'script', index, id, upsert: true, script: { source: OWN_FIELDS_SCRIPT, params: { document, version, slots: PARKED_SLOTS } } };
}
