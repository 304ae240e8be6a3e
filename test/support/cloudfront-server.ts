import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';
import { xmlEscape, xmlValues } from './xml-text';

/** One CreateInvalidation the fake received. */
export interface InvalidationCall {
  readonly distributionId: string;
  readonly callerReference: string;
  readonly quantity: number;
  readonly paths: readonly string[];
}

export interface CloudFrontFault {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
}

/**
 * CloudFront's CreateInvalidation (restXml, `POST /2020-05-31/distribution/{id}/invalidation`) on
 * 127.0.0.1, for the real `@aws-sdk/client-cloudfront` through `AWS_ENDPOINT_URL_CLOUDFRONT`.
 * Anything else answers 501.
 */
export class CloudFrontServer extends LoopbackServer {
  readonly invalidations: InvalidationCall[] = [];

  private constructor(private readonly fault?: (call: InvalidationCall) => CloudFrontFault | undefined) {
    super();
  }

  static async start(fault?: (call: InvalidationCall) => CloudFrontFault | undefined): Promise<CloudFrontServer> {
    return new CloudFrontServer(fault).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void readBody(req).then((body) => {
      const match = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match)
        return reply(res, 501, errorXml('NotImplemented', `${req.method} ${req.url}`));
      const xml = body.toString('utf8');
      const call: InvalidationCall = {
        distributionId: decodeURIComponent(match[1]),
        callerReference: xmlValues(xml, 'CallerReference')[0] ?? '',
        quantity: Number(xmlValues(xml, 'Quantity')[0]),
        paths: xmlValues(xml, 'Path'),
      };
      this.invalidations.push(call);
      const fault = this.fault?.(call);
      if (fault) return reply(res, fault.status, errorXml(fault.code, fault.message ?? fault.code));
      const id = `I${this.invalidations.length}FAKE`;
      const items = call.paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('');
      reply(
        res,
        201,
        `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">` +
          `<Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>` +
          `<InvalidationBatch><Paths><Quantity>${call.quantity}</Quantity><Items>${items}</Items></Paths>` +
          `<CallerReference>${xmlEscape(call.callerReference)}</CallerReference></InvalidationBatch></Invalidation>`,
        {
          location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${call.distributionId}/invalidation/${id}`,
        },
      );
    });
  }
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/xml', ...headers });
  res.end(body);
}
