import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';

/** One request a local restJson1 endpoint received, as the real SDK serialized it. */
export interface RestRequest {
  readonly method: string;
  /** The path without the query string, percent-decoded. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** Values of the `{name}` segments of the route that matched. */
  readonly params: Readonly<Record<string, string>>;
  /** Region and service of the SigV4 credential scope in `Authorization`, when signed. */
  readonly scope?: { readonly region: string; readonly service: string };
}

/** What a fake route answers: a JSON body (status 200 unless given) or an AWS error. */
export type RestReply =
  | { readonly status?: number; readonly body: unknown }
  | { readonly status: number; readonly errorType: string; readonly message?: string };

export type RestHandler = (request: RestRequest, callIndex: number) => RestReply | Promise<RestReply>;

/** `GET /backup-vaults/{name}/recovery-points/`: method, space, path pattern with `{param}` segments. */
export type RouteKey = string;

interface CompiledRoute {
  readonly key: RouteKey;
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: RestHandler;
}

/**
 * A real HTTP server on 127.0.0.1 that speaks restJson1 (AWS Backup and the other REST-JSON services),
 * so tests drive the real SDK clients through `AWS_ENDPOINT_URL_<SERVICE>`. It records every request
 * and routes by method and path pattern; anything unrouted answers 404 UnknownOperationException, so
 * a test never passes on a call it did not expect.
 */
export class RestJsonServer extends LoopbackServer {
  readonly requests: RestRequest[] = [];
  private readonly routes: CompiledRoute[];
  private readonly counts = new Map<RouteKey, number>();

  private constructor(routes: Record<RouteKey, RestHandler>) {
    super();
    this.routes = Object.entries(routes).map(([key, handler]) => compile(key, handler));
  }

  static async start(routes: Record<RouteKey, RestHandler>): Promise<RestJsonServer> {
    return new RestJsonServer(routes).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, body, errorType }) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType !== undefined ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(body));
    });
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown; errorType?: string }> {
    const text = (await readBody(req)).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const scope = credentialScope(req.headers.authorization);
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const params: Record<string, string> = {};
    if (route) {
      const match = route.pattern.exec(url.pathname) as RegExpExecArray;
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
    }
    const request: RestRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined,
      params,
      ...(scope ? { scope } : {}),
    };
    this.requests.push(request);
    if (!route) {
      const message = `no fake for ${method} ${path}`;
      return { status: 404, body: { message }, errorType: 'UnknownOperationException' };
    }
    const index = this.counts.get(route.key) ?? 0;
    this.counts.set(route.key, index + 1);
    const reply = await route.handler(request, index);
    if ('errorType' in reply) {
      return {
        status: reply.status,
        body: { message: reply.message ?? reply.errorType },
        errorType: reply.errorType,
      };
    }
    return { status: reply.status ?? 200, body: reply.body };
  }
}

function compile(key: RouteKey, handler: RestHandler): CompiledRoute {
  const [method, template] = key.split(' ');
  if (!method || !template) throw new Error(`route '${key}' must be 'METHOD /path/{param}'`);
  const names: string[] = [];
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { key, method, pattern: new RegExp(`^${source}$`), names, handler };
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/backup/aws4_request, ...` → region and service. */
function credentialScope(authorization: string | undefined): RestRequest['scope'] {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return match ? { region: match[1], service: match[2] } : undefined;
}
