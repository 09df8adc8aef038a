import { createServer, request, Server, ServerResponse } from 'node:http';

/**
 * A pass-through in front of the real engine that answers bulk requests with 429 while `overloaded` is set,
 * as an engine does when its write queue or indexing-pressure limit is full, and holds document reads
 * (`_mget`) for `slowReadsMs` before passing them on. While `holdBulks` is set, bulk requests get no answer at
 * all (an engine that hangs) until `dropHeld()` resets their connections. Everything else goes through.
 */
export class OverloadingProxy {
  overloaded = false;
  rejected = 0;
  slowReadsMs = 0;
  holdBulks = false;
  private readonly held: ServerResponse[] = [];
  private server?: Server;

  constructor(private readonly target: URL) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      if (this.overloaded && req.url?.includes('_bulk')) {
        this.rejected += 1;
        req.resume();
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'rejected_execution_exception', reason: 'rejected execution (fault test: write queue full)' }, status: 429 }));
        return;
      }
      if (this.holdBulks && req.url?.includes('_bulk')) {
        req.resume();
        this.held.push(res);
        return;
      }
      const forward = () => {
        const upstream = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      };
      if (this.slowReadsMs > 0 && req.url?.includes('_mget')) setTimeout(forward, this.slowReadsMs);
      else forward();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** How many bulk requests are held unanswered. */
  get heldCount(): number {
    return this.held.length;
  }

  dropHeld(): void {
    this.holdBulks = false;
    for (const res of this.held.splice(0)) res.destroy();
  }

  close(): Promise<void> {
    this.dropHeld();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
