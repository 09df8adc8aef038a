import { performance } from 'node:perf_hooks';
import { SearchResult } from '../search-engine/search-engine.port';

/**
 * Where one search request's time went, for its `Server-Timing` header: the engine's own time (`took`),
 * the engine calls as the service saw them (the engine's time plus the network, the client and waits in the
 * service's event loop), and the whole handler. A slow answer then says whether the engine or the service
 * was slow, without a trace backend.
 */
export class EngineTiming {
  private readonly started = performance.now();
  private engineMs = 0;
  private callsMs = 0;
  private calls = 0;

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
    ].join(', ');
  }
}
