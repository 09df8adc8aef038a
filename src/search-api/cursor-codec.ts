import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../http/api-error';
import { TiedHits } from './tied-pages';

interface CursorPayload {
  /** search_after values of the last hit of the previous page. */
  a: unknown[];
  /** Fingerprint of the query the cursor belongs to. */
  q: string;
  /** 1 when the first page needed the typo-tolerant query (typo-fallback.ts). */
  t?: 1;
  /** Page-1 hits tied with the score the page ended at, which later pages leave out (tied-pages.ts). */
  x?: [number, string[]];
}

/** Where a page starts, and which text query it continues: what a cursor carries. */
export interface PageStart {
  after?: unknown[];
  typos?: boolean;
  tied?: TiedHits;
}

/** A stable fingerprint of the search parameters a cursor is valid for (everything but size and cursor). */
export function queryFingerprint(params: Record<string, unknown>): string {
  const relevant = Object.keys(params)
    .filter((k) => k !== 'cursor' && k !== 'size' && k !== 'consistentWith' && params[k] !== undefined)
    .sort()
    .map((k) => [k, params[k]]);
  return createHash('sha256').update(JSON.stringify(relevant)).digest('base64url').slice(0, 16);
}

/**
 * Opaque, tamper-evident paging cursors: the search_after values, bound to the query they came from,
 * signed with HMAC-SHA256. A cursor edited by hand, or reused with other filters, is refused with a 400.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(after: unknown[], fingerprint: string, typos = false, tied?: TiedHits): string {
    const payload: CursorPayload = { a: after, q: fingerprint, ...(typos && { t: 1 as const }), ...(tied && { x: [tied.score, tied.ids] }) };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string, fingerprint: string): PageStart {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw badRequest('invalid_cursor', 'cursor is malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw badRequest('invalid_cursor', 'cursor is not one this service issued');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
    if (payload.q !== fingerprint) throw badRequest('invalid_cursor', 'cursor belongs to a different query; start again without it');
    return { after: payload.a, typos: payload.t === 1, ...(payload.x && { tied: { score: payload.x[0], ids: payload.x[1] } }) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
