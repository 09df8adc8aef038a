import { decodeMessage } from '../events/decode-message';
import { DomainEvent } from '../events/envelope';
import { Projection, ReadModelDocument } from '../projections/projection';

export interface ExpectedDocument {
  version: number;
  state: ReadModelDocument | null;
}

/** A document whose history in the log misses a version, so the events after it cannot be applied. */
export interface HistoryGap {
  id: string;
  /** The last version applied in order. */
  version: number;
  waitingFor: number;
  /** Versions present in the log beyond the gap. */
  beyond: number[];
}

/**
 * Folds a topic's events the simplest way, with nothing of the projector's batching, caching, parking or
 * bulk handling: collect every aggregate's events by version (the first of each version counts), then apply
 * versions 1, 2, 3… while they are all there. The reference the read model is checked against.
 */
export class IndependentFold {
  private readonly histories = new Map<string, Map<number, DomainEvent>>();

  constructor(private readonly projection: Projection) {}

  add(key: Buffer | null, value: Buffer | null): void {
    const decoded = decodeMessage(key, value, this.projection.events);
    if (decoded.kind !== 'event') return;
    const id = this.projection.documentId(decoded.event);
    const history = this.histories.get(id) ?? new Map<number, DomainEvent>();
    this.histories.set(id, history);
    if (!history.has(decoded.event.aggregateVersion)) history.set(decoded.event.aggregateVersion, decoded.event);
  }

  /** The expected document of every aggregate, and the aggregates whose history has a gap. */
  result(): { documents: Map<string, ExpectedDocument>; gaps: HistoryGap[] } {
    const documents = new Map<string, ExpectedDocument>();
    const gaps: HistoryGap[] = [];
    for (const [id, history] of this.histories) {
      let expected: ExpectedDocument = { version: 0, state: null };
      for (let v = 1; history.has(v); v++) {
        const state = this.projection.evolve(expected.state, history.get(v)!);
        // An event that makes nothing out of nothing (an update before any create) is not a delete.
        if (state === null && expected.state === null && expected.version === 0) break;
        expected = { version: v, state };
      }
      documents.set(id, expected);
      const beyond = [...history.keys()].filter((v) => v > expected.version).sort((a, b) => a - b);
      if (beyond.length > 0) gaps.push({ id, version: expected.version, waitingFor: expected.version + 1, beyond });
    }
    return { documents, gaps };
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
      const { docKind: _kind, parked: _parked, gapSince: _since, ...fields } = have.source;
      if (stable(fields) !== stable(want.state)) differences.push({ id, kind: 'content', expectedVersion: want.version, actualVersion: have.version, detail: 'same version, different fields' });
    }
  }
  for (const [id, have] of actual) {
    if (have.live && !expected.has(id)) differences.push({ id, kind: 'extra', actualVersion: have.version, detail: 'no event in the log' });
  }
  return differences;
}
