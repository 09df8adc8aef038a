import { ReadModelDocument } from '../../src/projections/projection';
import { compareReadModel, ExpectedDocument } from '../../src/verify/independent-fold';

// The comparison is field by field; which fields a document has does not matter to it.
const doc = (fields: Record<string, unknown>) => fields as unknown as ReadModelDocument;

const live = (version: number, source: Record<string, unknown>) => ({ version, live: true, source: { ...source, docKind: 'live' } });

describe('read model comparison (verify)', () => {
  it('finds nothing when documents agree, whatever the key order and the storage fields', () => {
    const expected = new Map<string, ExpectedDocument>([['a', { version: 2, state: doc({ name: 'x', tags: ['b', 'a'], version: 2 }) }]]);
    const actual = new Map([['a', { ...live(2, { version: 2, tags: ['b', 'a'], name: 'x' }), source: { version: 2, tags: ['b', 'a'], name: 'x', docKind: 'live', parked: {}, gapSince: null } }]]);
    expect(compareReadModel(expected, actual)).toEqual([]);
  });

  it('names each kind of difference', () => {
    const expected = new Map<string, ExpectedDocument>([
      ['missing', { version: 1, state: doc({ n: 1 }) }],
      ['behind', { version: 3, state: doc({ n: 3 }) }],
      ['changed', { version: 2, state: doc({ n: 2 }) }],
      ['deleted', { version: 2, state: null }],
      ['tombstoned', { version: 2, state: null }],
    ]);
    const actual = new Map([
      ['behind', live(2, { n: 2 })],
      ['changed', live(2, { n: 9 })],
      ['deleted', live(1, { n: 1 })],
      ['tombstoned', { version: 2, live: false, source: { docKind: 'tombstone' } }],
      ['stray', live(1, { n: 1 })],
    ]);
    expect(compareReadModel(expected, actual).map((d) => [d.id, d.kind])).toEqual([
      ['missing', 'missing'],
      ['behind', 'version'],
      ['changed', 'content'],
      ['deleted', 'extra'],
      ['stray', 'extra'],
    ]);
  });
});
