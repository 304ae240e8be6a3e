import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';

/** One request a local AWS endpoint received: the operation from `X-Amz-Target` and the JSON body. */
export interface ReceivedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** One request with what the SDK signed it for, read from the Authorization header's credential scope. */
export interface ReceivedRequest extends ReceivedCall {
  /** `<date>/<region>/<service>/aws4_request`, split; undefined when the request was not SigV4-signed. */
  readonly credentialScope?: { readonly date: string; readonly region: string; readonly service: string };
  readonly headers: IncomingMessage['headers'];
}

/** What a fake operation answers: a JSON body (status 200) or an AWS error. */
export type OperationReply =
  { readonly body: unknown } | { readonly status: number; readonly errorType: string; readonly message?: string };

export type OperationHandler = (
  input: Record<string, unknown>,
  callIndex: number,
) => OperationReply | Promise<OperationReply>;

/**
 * A real HTTP server on 127.0.0.1 that speaks the awsJson1_1 protocol (CloudWatch Logs, CodeBuild, CodeDeploy, ECR, ECS, Secrets Manager, SSM), so tests
 * drive the real SDK clients through `AWS_ENDPOINT_URL_<SERVICE>`. Unknown operations answer 400
 * UnknownOperationException, so a test never passes on a call it did not expect.
 */
export class AwsJsonServer extends LoopbackServer {
  readonly calls: ReceivedCall[] = [];
  /** The same requests as `calls`, with their headers and signing scope. */
  readonly requests: ReceivedRequest[] = [];
  private readonly counts = new Map<string, number>();

  private constructor(private readonly handlers: Record<string, OperationHandler>) {
    super();
  }

  static async start(handlers: Record<string, OperationHandler>): Promise<AwsJsonServer> {
    return new AwsJsonServer(handlers).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  }

  callsOf(operation: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.input);
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const body = await readBody(req);
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    this.calls.push({ operation, input });
    this.requests.push({ operation, input, headers: req.headers, credentialScope: credentialScope(req) });
    const index = this.counts.get(operation) ?? 0;
    this.counts.set(operation, index + 1);
    const handler = this.handlers[operation];
    if (!handler)
      return { status: 400, body: { __type: 'UnknownOperationException', message: `no fake for ${operation}` } };
    const reply = await handler(input, index);
    if ('body' in reply) return { status: 200, body: reply.body };
    return { status: reply.status, body: { __type: reply.errorType, message: reply.message ?? reply.errorType } };
  }
}

/** `Credential=AKID/20260101/eu-west-1/ecr/aws4_request` of a SigV4 Authorization header. */
function credentialScope(req: IncomingMessage): ReceivedRequest['credentialScope'] {
  const match = /Credential=[^/,\s]+\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(
    String(req.headers.authorization ?? ''),
  );
  return match ? { date: match[1], region: match[2], service: match[3] } : undefined;
}

/** Environment for a real SDK client pointed at a local endpoint, with dummy credentials. */
export function localAwsEnv(
  service: 'CLOUDWATCH_LOGS' | 'CODEBUILD' | 'CODEDEPLOY' | 'ECR' | 'ECS' | 'SECRETS_MANAGER' | 'SSM',
  url: string,
): Record<string, string> {
  return {
    [`AWS_ENDPOINT_URL_${service}`]: url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The settings of a real SDK client for `service` pointed at the local endpoint `url`, as `localAwsEnv` names them. */
export function localClientConfig(
  service: Parameters<typeof localAwsEnv>[0],
  url: string,
): { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  const env = localAwsEnv(service, url);
  return {
    region: env.AWS_REGION,
    endpoint: url,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  };
}
