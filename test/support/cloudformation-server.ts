import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';
import { xmlEscape } from './xml-text';

/** One GetTemplate request as the local CloudFormation saw it. */
export interface GetTemplateCall {
  readonly stackName: string | null;
  readonly templateStage: string | null;
  /** `<region>` of the SigV4 credential scope: the region the client signed for. */
  readonly region: string | undefined;
  readonly accessKeyId: string | undefined;
}

/** What the fake answers for one stack: its template, or an AWS error (status, code, message). */
export type TemplateReply =
  { readonly template: unknown } | { readonly status: number; readonly code: string; readonly message: string };

/**
 * A local CloudFormation (`AWS_ENDPOINT_URL_CLOUDFORMATION`) that speaks awsQuery as AWS does: a form-encoded
 * POST, an XML answer. It answers GetTemplate from `reply(stackName, callIndex)`; a stack the function returns
 * undefined for gets AWS's answer for a stack that does not exist (400 ValidationError). Any other action is
 * refused, so a test never passes on a call it did not expect.
 */
export class CloudFormationServer extends LoopbackServer {
  readonly calls: GetTemplateCall[] = [];

  private constructor(private readonly reply: (stackName: string, callIndex: number) => TemplateReply | undefined) {
    super();
  }

  static async start(
    reply: (stackName: string, callIndex: number) => TemplateReply | undefined,
  ): Promise<CloudFormationServer> {
    return new CloudFormationServer(reply).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    });
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    if (req.method !== 'POST' || form.get('Action') !== 'GetTemplate') {
      return { status: 400, body: errorXml('InvalidAction', `no fake for ${req.method} ${form.get('Action')}`) };
    }
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''));
    const stackName = form.get('StackName');
    this.calls.push({
      stackName,
      templateStage: form.get('TemplateStage'),
      region: scope?.[2],
      accessKeyId: scope?.[1],
    });
    const reply = this.reply(stackName ?? '', this.calls.length - 1);
    if (reply === undefined) {
      return { status: 400, body: errorXml('ValidationError', `Stack with id ${stackName} does not exist`) };
    }
    if ('status' in reply) return { status: reply.status, body: errorXml(reply.code, reply.message) };
    return { status: 200, body: getTemplateXml(JSON.stringify(reply.template)) };
  }
}

function getTemplateXml(body: string): string {
  return `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <GetTemplateResult>
    <TemplateBody>${xmlEscape(body)}</TemplateBody>
    <StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>
  </GetTemplateResult>
  <ResponseMetadata><RequestId>local-1</RequestId></ResponseMetadata>
</GetTemplateResponse>`;
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>local-1</RequestId></ErrorResponse>`;
}
