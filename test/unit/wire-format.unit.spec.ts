import { conditionParams, conflictAsFalse, missingAsUndefined, parseBulkItems, parseDocumentCounts, parseMget, parseSearch, toBulkLines } from '../../src/search-engine/wire-format';

describe('wire format shared by both engines', () => {
  const ops = [
    { index: 'i', id: 'a', document: { n: 1 }, externalVersion: 3 },
    { index: 'i', id: 'b', document: { n: 2 } },
  ];

  it('writes bulk lines, with external versions only where asked', () => {
    expect(toBulkLines(ops)).toEqual([
      { index: { _index: 'i', _id: 'a', version: 3, version_type: 'external' } },
      { n: 1 },
      { index: { _index: 'i', _id: 'b' } },
      { n: 2 },
    ]);
  });

  it('classifies bulk items: written, version conflict, retriable (429, 5xx) and rejected (other 4xx)', () => {
    const items = [
      { index: { _id: 'a', _index: 'i', status: 201 } },
      { index: { _id: 'b', _index: 'i', status: 409, error: { type: 'version_conflict_engine_exception', reason: 'older' } } },
      { index: { _id: null, status: 429, error: { type: 'es_rejected_execution_exception' } } },
      { index: { _id: 'd', _index: 'i', status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad price' } } },
    ];
    const four = [...ops, { index: 'i', id: 'c', document: {} }, { index: 'i', id: 'd', document: {} }];
    expect(parseBulkItems(items, four).map((r) => [r.id, r.outcome, r.error?.type])).toEqual([
      ['a', 'written', undefined],
      ['b', 'version-conflict', 'version_conflict_engine_exception'],
      ['c', 'retriable', 'es_rejected_execution_exception'], // no _id in the answer: the operation at that position
      ['d', 'rejected', 'mapper_parsing_exception'],
    ]);
  });

  it('keeps found documents of an mget, with their versions', () => {
    const found = parseMget([{ _id: 'a', found: true, _version: 7, _source: { x: 1 } }, { _id: 'b', found: false }]);
    expect([...found]).toEqual([['a', { id: 'a', version: 7, source: { x: 1 } }]]);
  });

  it('reads totals in both shapes and keeps sort values and highlights', () => {
    expect(parseSearch({ hits: { total: 4, hits: [] } }).total).toBe(4);
    expect(parseSearch({ took: 12, hits: { total: 4, hits: [] } }).tookMs).toBe(12);
    expect(parseSearch({ hits: { total: { value: 1000, relation: 'gte' }, hits: [] } })).toMatchObject({ total: 1000, totalRelation: 'gte' });
    const result = parseSearch({ hits: { total: { value: 9 }, hits: [{ _id: 'a', _score: null, _source: { n: 1 }, sort: [1, 'a'], highlight: { name: ['<em>x</em>'] } }] }, aggregations: { c: {} } });
    expect(result).toEqual({ total: 9, totalRelation: 'eq', hits: [{ id: 'a', score: null, source: { n: 1 }, sort: [1, 'a'], highlight: { name: ['<em>x</em>'] } }], aggregations: { c: {} } });
  });

  it('reads live and deleted documents of the primaries from index stats', () => {
    expect(parseDocumentCounts({ _all: { primaries: { docs: { count: 200, deleted: 800 } } } })).toEqual({ live: 200, deleted: 800 });
    expect(parseDocumentCounts({})).toEqual({ live: 0, deleted: 0 });
  });

  it('turns write conditions into query parameters', () => {
    expect(conditionParams()).toEqual({});
    expect(conditionParams({ ifAbsent: true })).toEqual({ op_type: 'create' });
    expect(conditionParams({ ifSeqNo: 4, ifPrimaryTerm: 1 })).toEqual({ if_seq_no: 4, if_primary_term: 1 });
  });

  it('reads 404 as absent and 409 as "someone else wrote first", and nothing else', async () => {
    const failing = (status: number) => () => Promise.reject(Object.assign(new Error(`status ${status}`), { meta: { statusCode: status } }));
    await expect(missingAsUndefined(failing(404))).resolves.toBeUndefined();
    await expect(missingAsUndefined(failing(500))).rejects.toThrow('status 500');
    await expect(conflictAsFalse(failing(409))).resolves.toBe(false);
    await expect(conflictAsFalse(() => Promise.resolve())).resolves.toBe(true);
    await expect(conflictAsFalse(failing(400))).rejects.toThrow('status 400');
  });
});
