import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, LoopbackServer, loopbackUrl } from '../../../support/loopback';

/** What a route knows besides the request: how many requests its path had before, and a clearable timer. */
export interface RouteContext {
  readonly count: number;
  readonly later: (ms: number, action: () => void) => void;
}

/** How one path answers. */
export type Route = (request: IncomingMessage, response: ServerResponse, context: RouteContext) => void;

/**
 * A real HTTP server on 127.0.0.1 whose paths answer, fail, hang, reset or dawdle as a test needs.
 * Unknown paths answer 404. `stop` cuts every open connection, hanging ones included.
 */
export class TargetServer extends LoopbackServer {
  private readonly counts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly routes: Record<string, Route>) {
    super();
  }

  static async start(routes: Record<string, Route>): Promise<TargetServer> {
    return new TargetServer(routes).listen();
  }

  protected respond(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://target').pathname;
    const count = this.counts.get(path) ?? 0;
    this.counts.set(path, count + 1);
    const route = this.routes[path] ?? status(404, 'no such route');
    route(request, response, { count, later: (ms, action) => this.later(ms, action) });
  }

  /** Requests received on `path` so far. */
  requests(path: string): number {
    return this.counts.get(path) ?? 0;
  }

  /** Requests received on all paths so far. */
  get totalRequests(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  override async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await super.stop();
  }
}

export function status(code: number, body = '', contentType = 'text/plain'): Route {
  return (_request, response) => {
    response.writeHead(code, { 'content-type': contentType });
    response.end(body);
  };
}

export function json(value: unknown, code = 200): Route {
  return status(code, JSON.stringify(value), 'application/json');
}

/** Accepts the request and never answers. */
export const hang: Route = () => undefined;

/** Sends the status line and part of the body, then never finishes. */
export const hangMidBody: Route = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.write('partial');
};

/** Destroys the connection without answering (the client sees a reset). */
export const reset: Route = (request) => {
  request.socket.destroy();
};

/** Answers like `route`, `ms` later. */
export function slow(ms: number, route: Route): Route {
  return (request, response, context) => context.later(ms, () => route(request, response, context));
}

/** Answers like `failing` for the first `failures` requests, then like `healthy` (a cold start). */
export function failFirst(failures: number, failing: Route, healthy: Route): Route {
  return (request, response, context) => (context.count < failures ? failing : healthy)(request, response, context);
}

/** A URL on 127.0.0.1 where nothing listens any more: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await listenOnLoopback(server);
  const url = loopbackUrl(server);
  await closeServer(server);
  return url;
}
