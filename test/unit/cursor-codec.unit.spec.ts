import { CursorCodec, queryFingerprint } from '../../src/search-api/cursor-codec';
import { ApiError } from '../../src/http/api-error';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return ((err as ApiError).getResponse() as { error: { code: string } }).error.code;
  }
  return undefined;
};

describe('cursor codec', () => {
  const codec = new CursorCodec('a-secret-of-sixteen-chars');
  const fp = queryFingerprint({ q: 'dansskor', sort: 'price_asc', size: 10 });

  it('gives back the search_after values of the query it was made for', () => {
    expect(codec.decode(codec.encode([899, "p-1"], fp), fp)).toEqual({ after: [899, "p-1"], typos: false });
    expect(codec.decode(codec.encode([899, "p-1"], fp, true), fp)).toEqual({ after: [899, "p-1"], typos: true });
  });

  it('carries the ids a first page showed at its last score', () => {
    const tied = { score: 2.5, ids: ['p-1', 'p-7'] };
    expect(codec.decode(codec.encode([2.5, ''], fp, false, tied), fp)).toEqual({ after: [2.5, ''], typos: false, tied });
  });

  it('fingerprints every parameter but size and cursor, in any order', () => {
    expect(queryFingerprint({ size: 50, cursor: 'x', sort: 'price_asc', q: 'dansskor' })).toBe(fp);
    expect(queryFingerprint({ q: 'dansskor', sort: 'newest' })).not.toBe(fp);
  });

  it('refuses a cursor edited by hand, signed with another secret, malformed, or reused with other filters', () => {
    const cursor = codec.encode([1], fp);
    const [body, signature] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ a: [2], q: fp })).toString('base64url')}.${signature}`;
    expect(codeOf(() => codec.decode(forged, fp))).toBe('invalid_cursor');
    expect(codeOf(() => new CursorCodec('another-secret-of-16').decode(cursor, fp))).toBe('invalid_cursor');
    expect(codeOf(() => codec.decode(body, fp))).toBe('invalid_cursor');
    expect(codeOf(() => codec.decode(`${cursor}.x`, fp))).toBe('invalid_cursor');
    expect(codeOf(() => codec.decode(cursor, queryFingerprint({ q: 'other' })))).toBe('invalid_cursor');
  });
});
