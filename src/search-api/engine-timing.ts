import { performance } from 'node:perf_hooks';
import { SearchResult } from '../search-engine/search-engine.port';

/**
 * Where one search request's time went, for its `Server-Timing` header: the engine's own time (`took`),
 * the engine calls as the service saw them (the engine's time plus the network, the client and waits in the
 * service's event loop), the whole handler, and the request in the service from its arrival (`arrivedAt`,
 * stamped by the first middleware). A slow answer then says whether the engine or the service was slow,
 * and where in the service, without a trace backend.
 */
export class EngineTiming {
  private readonly started = performance.now();
  private engineMs = 0;
  private callsMs = 0;
  private calls = 0;

  constructor(private readonly arrivedAt?: number) {}

  async timed(search: () => Promise<SearchResult>): Promise<SearchResult> {
    const started = performance.now();
    const result = await search();
    this.callsMs += performance.now() - started;
    this.engineMs += result.tookMs ?? 0;
    this.calls++;
    return result;
  }

  /** The header's value (W3C Server Timing), durations in ms. */
  header(): string {
    const ms = (n: number) => n.toFixed(1);
    return [
      `engine;dur=${ms(this.engineMs)};desc="engine took, ${this.calls} ${this.calls === 1 ? 'search' : 'searches'}"`,
      `calls;dur=${ms(this.callsMs)};desc="engine calls as the service saw them"`,
      `handler;dur=${ms(performance.now() - this.started)}`,
      ...(this.arrivedAt !== undefined ? [`app;dur=${ms(performance.now() - this.arrivedAt)};desc="from the request's arrival"`] : []),
    ].join(', ');
  }
}

/** The first middleware: when a request reached the service, for the `app` part of its Server-Timing. */
export function stampArrival(_req: unknown, res: { locals: Record<string, unknown> }, next: () => void): void {
  res.locals.arrivedAt = performance.now();
  next();
}

/** The reading side of `header()`: `engine;dur=1.5;desc="…", calls;dur=2.0` → { engine: 1.5, calls: 2.0 }. */
export function parseServerTiming(header: string | null): Record<string, number> {
  return Object.fromEntries([...(header ?? '').matchAll(/(\w+);dur=([\d.]+)/g)].map(([, name, dur]) => [name, Number(dur)]));
}
