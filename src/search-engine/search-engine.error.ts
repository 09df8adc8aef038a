import { ClassifiedError } from '../shared/retriable-error';

/** A failure talking to the search engine, classified by what waiting could change. */
export class SearchEngineError extends ClassifiedError {
  constructor(
    message: string,
    retriable: boolean,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, retriable, options);
  }
}

/** 429 means overloaded and 5xx failing: both pass. Other 4xx are our request's fault and never will. */
export const isRetriableStatus = (status: number): boolean => status === 429 || status >= 500;

interface ClientErrorShape {
  name?: string;
  message?: string;
  statusCode?: number;
  meta?: { statusCode?: number; body?: unknown };
  body?: unknown;
}

const NETWORK_ERRORS = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError', 'RequestAbortedError']);

/**
 * Both official clients throw errors with the same names and a statusCode, so one table classifies
 * them: no answer at all (connection refused, timeout) is an outage and retriable.
 */
export function classifyClientError(err: unknown, what: string): SearchEngineError {
  if (err instanceof SearchEngineError) return err;
  const e = (err ?? {}) as ClientErrorShape;
  const status = e.statusCode ?? e.meta?.statusCode;
  const body = (e.meta?.body ?? e.body) as { error?: { type?: string; reason?: string } } | undefined;
  const detail = body?.error?.reason ? `${body.error.type}: ${body.error.reason}` : e.message ?? String(err);
  if (status === undefined || status === 0 || NETWORK_ERRORS.has(e.name ?? '')) {
    return new SearchEngineError(`${what}: search engine unreachable (${detail})`, true, status, { cause: err });
  }
  return new SearchEngineError(`${what}: ${status} ${detail}`, isRetriableStatus(status), status, { cause: err });
}

/** Runs one client call and turns whatever it throws into a classified SearchEngineError. */
export async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw classifyClientError(err, what);
  }
}
