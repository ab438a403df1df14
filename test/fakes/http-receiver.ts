import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}
export interface Reply {
  status: number;
  body: string;
  contentType?: string;
}
export type Route = (request: ReceivedRequest) => Reply | Promise<Reply>;

/**
 * A real HTTP server on 127.0.0.1 that records every request. Routes answer by path prefix; failures
 * (`failNext`) and slow answers (`delayNext`) are injected per path prefix to exercise retries and crashes.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly #routes: [string, Route][] = [];
  readonly #failures = new Map<string, { count: number; status: number }>();
  readonly #delays = new Map<string, { count: number; ms: number }>();
  #server: Server | null = null;
  #port = 0;

  route(prefix: string, handler: Route): this {
    this.#routes.push([prefix, handler]);
    return this;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        void this.#answer(request).then((reply) => {
          res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
          res.end(reply.body);
        });
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The next `count` requests under `prefix` fail with `status`. */
  failNext(prefix: string, count: number, status = 503): void {
    this.#failures.set(prefix, { count, status });
  }

  /** The next `count` requests under `prefix` are answered after `ms`. */
  delayNext(prefix: string, count: number, ms: number): void {
    this.#delays.set(prefix, { count, ms });
  }

  received(prefix: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #answer(request: ReceivedRequest): Promise<Reply> {
    this.requests.push(request);
    const delay = [...this.#delays].find(([p, d]) => request.path.startsWith(p) && d.count > 0);
    if (delay) {
      delay[1].count--;
      await new Promise((r) => setTimeout(r, delay[1].ms));
    }
    const failure = [...this.#failures].find(([p, f]) => request.path.startsWith(p) && f.count > 0);
    if (failure) {
      failure[1].count--;
      return { status: failure[1].status, body: '{"error":"injected failure"}' };
    }
    const route = this.#routes.find(([p]) => request.path.startsWith(p));
    if (!route) return { status: 404, body: '{"error":"no route"}' };
    return route[1](request);
  }
}
