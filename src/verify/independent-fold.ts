import { decodeMessage } from '../events/decode-message';
import { Projection, ReadModelDocument } from '../projections/projection';

export interface ExpectedDocument {
  version: number;
  state: ReadModelDocument | null;
}

/**
 * Folds a partition's messages one event at a time, in offset order, with nothing of the projector's
 * batching, caching or bulk handling: the reference the read model is checked against.
 */
export class IndependentFold {
  readonly documents = new Map<string, ExpectedDocument>();

  constructor(private readonly projection: Projection) {}

  add(key: Buffer | null, value: Buffer | null): void {
    const decoded = decodeMessage(key, value, this.projection.events);
    if (decoded.kind !== 'event') return;
    const id = this.projection.documentId(decoded.event);
    const current = this.documents.get(id);
    if (current && decoded.event.aggregateVersion <= current.version) return;
    this.documents.set(id, { version: decoded.event.aggregateVersion, state: this.projection.evolve(current?.state ?? null, decoded.event) });
  }
}

export interface Difference {
  id: string;
  kind: 'missing' | 'extra' | 'version' | 'content';
  expectedVersion?: number;
  actualVersion?: number;
  detail?: string;
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/** Compares the expected documents with what the index holds (live documents and tombstones, by id). */
export function compareReadModel(
  expected: Map<string, ExpectedDocument>,
  actual: Map<string, { version: number; live: boolean; source: Record<string, unknown> }>,
): Difference[] {
  const differences: Difference[] = [];
  for (const [id, want] of expected) {
    const have = actual.get(id);
    if (want.state === null) {
      if (have?.live) differences.push({ id, kind: 'extra', expectedVersion: want.version, actualVersion: have.version, detail: 'deleted in the log, live in the index' });
      continue;
    }
    if (!have || !have.live) {
      differences.push({ id, kind: 'missing', expectedVersion: want.version, actualVersion: have?.version });
    } else if (have.version !== want.version) {
      differences.push({ id, kind: 'version', expectedVersion: want.version, actualVersion: have.version });
    } else {
      const { docKind: _kind, ...fields } = have.source;
      if (stable(fields) !== stable(want.state)) differences.push({ id, kind: 'content', expectedVersion: want.version, actualVersion: have.version, detail: 'same version, different fields' });
    }
  }
  for (const [id, have] of actual) {
    if (have.live && !expected.has(id)) differences.push({ id, kind: 'extra', actualVersion: have.version, detail: 'no event in the log' });
  }
  return differences;
}
