import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on a free port of 127.0.0.1: local endpoints never leave loopback. */
export async function listenOnLoopback(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

export function loopbackUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The whole body of a request. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Closes the server without waiting for keep-alive sockets to time out. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A test's local endpoint: an HTTP server on 127.0.0.1 with its `url` and a `stop` that cuts open
 * connections. A subclass answers in `respond` and starts with `new X(...).listen()`.
 */
export abstract class LoopbackServer {
  private readonly server = createServer((request, response) => void this.respond(request, response));

  /** Answers one request (only ever called once the subclass is constructed). */
  protected abstract respond(request: IncomingMessage, response: ServerResponse): void | Promise<void>;

  protected async listen(): Promise<this> {
    await listenOnLoopback(this.server);
    return this;
  }

  get url(): string {
    return loopbackUrl(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}
