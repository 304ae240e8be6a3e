import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { route } from './routes';
import { serviceInfo, type Environment } from './settings';

export interface StartOptions {
  readonly port: number;
  readonly host: string;
  /** Where `SERVICE_NAME` and `APP_VERSION` come from. */
  readonly env: Environment;
  /** How long shutdown waits for requests in flight before it closes their connections; default 10 s. */
  readonly shutdownGraceMs?: number;
}

export interface RunningServer {
  readonly server: Server;
  /** `http://host:port` with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in flight finish (at most `shutdownGraceMs`), then
   * resolves. Calling it again returns the same promise.
   */
  readonly shutdown: () => Promise<void>;
}

// Longer than the ALB's idle timeout (60 s): a target that closes a keep-alive connection first makes the ALB answer 502.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const info = serviceInfo(options.env);
  let stopping = false;
  const server = createServer((req, res) => {
    const reply = route(req.method, req.url, info);
    // Keep-alive clients (the ALB) must open their next request elsewhere once this task is stopping.
    if (stopping) res.setHeader('connection', 'close');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) }).end(reply.body);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      stopping = true;
      const force = setTimeout(
        () => server.closeAllConnections(),
        options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
      );
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return stopped;
  };

  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { server, url: `http://${host}:${port}`, port, shutdown };
}
