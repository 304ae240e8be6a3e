import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';

/**
 * The wire protocol of @aws-sdk/client-cloudwatch 3.1162: awsJson1_0 in awsQuery-compatible mode
 * (checked by reading the client's runtime config and the requests it sends), not the older
 * awsQuery form posts. Requests are POST / with `X-Amz-Target: GraniteServiceVersion20100801.<Op>`,
 * `Content-Type: application/x-amz-json-1.0` and `x-amzn-query-mode: true`; timestamps travel as
 * epoch seconds; errors carry `__type` and, for the query-compatible name the SDK reports, the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header.
 */
export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const JSON_1_0 = 'application/x-amz-json-1.0';

/** One request the local CloudWatch received, with what SigV4 said about where it was meant to go. */
export interface CloudWatchCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** Region and signing name from the Authorization header's credential scope. */
  readonly region: string | undefined;
  readonly signingService: string | undefined;
  readonly accessKeyId: string | undefined;
  /** `X-Amz-Security-Token`: set when the caller signs with temporary (assumed-role) credentials. */
  readonly sessionToken?: string;
  readonly queryMode: string | undefined;
}

/** What a fake operation answers: a JSON body (200) or a CloudWatch error. */
export type CloudWatchReply =
  | { readonly body: unknown }
  | {
      readonly status: number;
      /** The query-compatible code, e.g. `AccessDenied`, `Throttling`: what the SDK names the error. */
      readonly code: string;
      readonly message?: string;
      readonly fault?: 'Sender' | 'Receiver';
    };

export type CloudWatchHandler = (input: Record<string, unknown>, callIndex: number) => CloudWatchReply;

/**
 * A real HTTP server on 127.0.0.1 that speaks CloudWatch's protocol, so tests drive the real client
 * through `AWS_ENDPOINT_URL_CLOUDWATCH`. A request in another protocol or for an operation without a
 * handler is answered with an error, so a test never passes on a call it did not expect.
 */
export class CloudWatchServer extends LoopbackServer {
  readonly calls: CloudWatchCall[] = [];
  private readonly counts = new Map<string, number>();

  private constructor(private readonly handlers: Record<string, CloudWatchHandler>) {
    super();
  }

  static async start(handlers: Record<string, CloudWatchHandler>): Promise<CloudWatchServer> {
    return new CloudWatchServer(handlers).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, body, headers }) => {
      res.writeHead(status, { 'content-type': JSON_1_0, ...headers });
      res.end(JSON.stringify(body));
    });
  }

  private async answer(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const contentType = String(req.headers['content-type'] ?? '');
    if (req.method !== 'POST' || contentType !== JSON_1_0 || !target.startsWith(CLOUDWATCH_TARGET_PREFIX)) {
      return refuse(
        400,
        'InvalidAction',
        `not a CloudWatch awsJson1_0 request: ${req.method} ${contentType} target '${target}'`,
      );
    }
    const operation = target.slice(CLOUDWATCH_TARGET_PREFIX.length);
    const text = body.toString('utf8');
    const input = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      String(req.headers.authorization ?? ''),
    );
    this.calls.push({
      operation,
      input,
      accessKeyId: scope?.[1],
      region: scope?.[2],
      signingService: scope?.[3],
      queryMode: req.headers['x-amzn-query-mode'] as string | undefined,
      ...(req.headers['x-amz-security-token'] === undefined
        ? {}
        : { sessionToken: String(req.headers['x-amz-security-token']) }),
    });
    const index = this.counts.get(operation) ?? 0;
    this.counts.set(operation, index + 1);
    const handler = this.handlers[operation];
    if (!handler) return refuse(400, 'InvalidAction', `no fake for ${operation}`);
    const reply = handler(input, index);
    if ('body' in reply) return { status: 200, body: reply.body };
    return refuse(reply.status, reply.code, reply.message ?? reply.code, reply.fault);
  }
}

function refuse(status: number, code: string, message: string, fault?: 'Sender' | 'Receiver') {
  return {
    status,
    body: { __type: `com.amazonaws.cloudwatch#${code}`, message },
    headers: { 'x-amzn-query-error': `${code};${fault ?? (status >= 500 ? 'Receiver' : 'Sender')}` },
  };
}

/** awsJson sends timestamps as epoch seconds. */
export const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;
