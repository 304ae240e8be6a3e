import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';

/** One Invoke as the real SDK sent it. */
export interface InvokeRequest {
  readonly functionName: string;
  /** `X-Amz-Invocation-Type`; the SDK leaves it out for RequestResponse unless asked. */
  readonly invocationType?: string;
  /** The payload's bytes as text; empty when none was sent. */
  readonly payload: string;
  /** Region and service of the SigV4 credential scope. */
  readonly scope?: { readonly region: string; readonly service: string };
}

/** How the fake answers an Invoke. */
export type InvokeReply =
  /** The function returned `result` (JSON-encoded as Lambda does). */
  | { readonly result: unknown }
  /** The function threw: Lambda answers 200 with `X-Amz-Function-Error: Unhandled` and the error as payload. */
  | { readonly functionError: { readonly errorType: string; readonly errorMessage: string } }
  /** Lambda itself refused the call (no such function, access denied, throttled). */
  | { readonly status: number; readonly errorType: string; readonly message: string };

/**
 * A local Lambda (`AWS_ENDPOINT_URL_LAMBDA`) that answers `POST /2015-03-31/functions/{name}/invocations` as Lambda's
 * restJson1 Invoke does, with `reply`; anything else is a 404 UnknownOperationException, so a test never passes on a
 * call it did not expect.
 */
export class LambdaInvokeServer extends LoopbackServer {
  readonly invocations: InvokeRequest[] = [];

  private constructor(private readonly reply: (request: InvokeRequest) => InvokeReply) {
    super();
  }

  static async start(reply: (request: InvokeRequest) => InvokeReply): Promise<LambdaInvokeServer> {
    return new LambdaInvokeServer(reply).listen();
  }

  protected async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const payload = (await readBody(req)).toString('utf8');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (req.method !== 'POST' || match === null) {
      this.send(res, 404, { 'x-amzn-errortype': 'UnknownOperationException' }, { message: `no fake for ${path}` });
      return;
    }
    const type = req.headers['x-amz-invocation-type'];
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
    const request: InvokeRequest = {
      functionName: match[1],
      ...(typeof type === 'string' ? { invocationType: type } : {}),
      payload,
      ...(scope ? { scope: { region: scope[1], service: scope[2] } } : {}),
    };
    this.invocations.push(request);
    const reply = this.reply(request);
    if ('result' in reply) this.send(res, 200, { 'x-amz-executed-version': '$LATEST' }, reply.result);
    else if ('functionError' in reply) {
      this.send(
        res,
        200,
        { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
        {
          ...reply.functionError,
          trace: [
            `${reply.functionError.errorType}: ${reply.functionError.errorMessage}`,
            '    at handler (index.js:1:1)',
          ],
        },
      );
    } else {
      this.send(res, reply.status, { 'x-amzn-errortype': reply.errorType }, { Type: 'User', message: reply.message });
    }
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
