import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';

/** Credentials the fake container endpoint hands out: what CodeBuild's own role would sign with. */
export const CONTAINER_KEY = 'ASIACODEBUILDROLE';
/** Credentials the fake STS returns for AssumeRole: what the environment's reader role signs with. */
export const ASSUMED_KEY = 'ASIAREADERROLE';
export const ASSUMED_TOKEN = 'reader-session-token';

/** One AssumeRole call as the local STS saw it. */
export interface AssumeRoleCall {
  readonly roleArn: string | null;
  /** Access key of the caller, from the Authorization header: must be the container's. */
  readonly callerKey: string | undefined;
}

/**
 * The two endpoints behind a CodeBuild profile with `role_arn` + `credential_source = EcsContainer`:
 * the container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, JSON) and STS
 * (`AWS_ENDPOINT_URL_STS`; the SDK's STS client speaks awsQuery: a form post, an XML answer). Anything
 * but AssumeRole or the credentials path is answered with an error.
 */
export class RoleChainServers extends LoopbackServer {
  readonly assumeRoleCalls: AssumeRoleCall[] = [];
  credentialRequests = 0;

  private constructor() {
    super();
  }

  static async start(): Promise<RoleChainServers> {
    return new RoleChainServers().listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, type, body }) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  }

  /** What CodeBuild sets for its container credentials, pointed here. */
  get containerCredentialsUri(): string {
    return `${this.url}/container-credentials`;
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const body = await readBody(req);
    if (req.method === 'GET' && req.url === '/container-credentials') {
      this.credentialRequests++;
      const body = {
        AccessKeyId: CONTAINER_KEY,
        SecretAccessKey: 'codebuild-secret',
        Token: 'codebuild-token',
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      };
      return { status: 200, type: 'application/json', body: JSON.stringify(body) };
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (req.method !== 'POST' || form.get('Action') !== 'AssumeRole') {
      return { status: 400, type: 'text/xml', body: stsError('InvalidAction', `no fake for ${req.method} ${req.url}`) };
    }
    const callerKey = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    this.assumeRoleCalls.push({ roleArn: form.get('RoleArn'), callerKey });
    return { status: 200, type: 'text/xml', body: assumeRoleAnswer(form.get('RoleArn') ?? '') };
  }
}

function assumeRoleAnswer(roleArn: string): string {
  const role = roleArn.split('/').pop() ?? 'role';
  const account = roleArn.split(':')[4] ?? '000000000000';
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${ASSUMED_KEY}</AccessKeyId>
      <SecretAccessKey>reader-secret</SecretAccessKey>
      <SessionToken>${ASSUMED_TOKEN}</SessionToken>
      <Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/${role}/bake</Arn>
      <AssumedRoleId>AROAREADER:bake</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>local-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
}

function stsError(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>local</RequestId></ErrorResponse>`;
}
