import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';
import { xmlEscape, xmlValues } from './xml-text';

/** One object of the in-memory bucket. */
export interface StoredObject {
  readonly body: Buffer;
  readonly cacheControl?: string;
  readonly contentType?: string;
  readonly lastModified: Date;
  /** User metadata (`x-amz-meta-*`), which HeadObject answers. @default none */
  readonly metadata?: Readonly<Record<string, string>>;
  /** The version a versioned bucket gave the object. @default none (an unversioned bucket) */
  readonly versionId?: string;
}

export type S3Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'ListObjectsV2' | 'DeleteObjects';

/** One call the fake received, as the real SDK serialized it. */
export interface S3Call {
  readonly operation: S3Operation;
  readonly bucket: string;
  /** PutObject and GetObject: the key; DeleteObjects: the keys of the batch. */
  readonly keys: readonly string[];
  readonly cacheControl?: string;
  readonly contentType?: string;
  readonly query: Readonly<Record<string, string>>;
}

/** An S3 error the fake answers instead of doing the call, e.g. `{ status: 403, code: 'AccessDenied' }`. */
export interface S3Fault {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
}

export interface S3ServerOptions {
  /** The one bucket that exists; any other answers NoSuchBucket. */
  readonly bucket: string;
  /** Largest ListObjectsV2 page, to make the client paginate. @default 1000 */
  readonly pageSize?: number;
  /** Decides, per call, whether it fails. */
  readonly fault?: (call: S3Call) => S3Fault | undefined;
}

/**
 * An in-memory S3 bucket on 127.0.0.1 that speaks restXml with path-style addressing (the SDK uses it
 * by itself for an IP endpoint) — PutObject, GetObject, HeadObject (by version too), ListObjectsV2 (paginated) and
 * DeleteObjects —
 * so tests drive the real `@aws-sdk/client-s3` through `AWS_ENDPOINT_URL_S3`. Anything else answers
 * 501 NotImplemented, so a test never passes on a call it did not expect.
 */
export class S3Server extends LoopbackServer {
  readonly calls: S3Call[] = [];
  readonly objects = new Map<string, StoredObject>();

  private constructor(private readonly options: S3ServerOptions) {
    super();
  }

  static async start(options: S3ServerOptions): Promise<S3Server> {
    return new S3Server(options).listen();
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req, res).catch((error: unknown) => reply(res, 500, errorXml('InternalError', String(error))));
  }

  /** Puts an object in place before the test, with the time it was last modified. */
  seed(key: string, body: string, lastModified: Date, extra: Pick<StoredObject, 'metadata' | 'versionId'> = {}): void {
    this.objects.set(key, { body: Buffer.from(body), lastModified, ...extra });
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.body.toString('utf8');
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    const operation = operationOf(req.method ?? 'GET', key, query);
    if (operation === undefined) return reply(res, 501, errorXml('NotImplemented', `${req.method} ${req.url}`));
    const keys = operation === 'DeleteObjects' ? xmlValues(body.toString('utf8'), 'Key') : key ? [key] : [];
    const call: S3Call = {
      operation,
      bucket: decodeURIComponent(bucket),
      keys,
      query,
      ...(operation === 'PutObject'
        ? { cacheControl: req.headers['cache-control'], contentType: req.headers['content-type'] }
        : {}),
    };
    this.calls.push(call);
    const fault = this.options.fault?.(call);
    if (fault) return reply(res, fault.status, errorXml(fault.code, fault.message ?? fault.code));
    if (call.bucket !== this.options.bucket) return reply(res, 404, errorXml('NoSuchBucket', call.bucket));

    switch (operation) {
      case 'PutObject':
        this.objects.set(key, {
          body: decodeBody(req, body),
          cacheControl: call.cacheControl,
          contentType: call.contentType,
          lastModified: new Date(),
        });
        return reply(res, 200, '', { etag: '"fake"' });
      case 'GetObject': {
        const object = this.objects.get(key);
        if (!object) return reply(res, 404, errorXml('NoSuchKey', key));
        res.writeHead(200, { 'content-type': object.contentType ?? 'application/octet-stream' });
        res.end(object.body);
        return;
      }
      case 'HeadObject': {
        // A HEAD answer has no body, errors included (S3 API reference, HeadObject).
        const object = this.objects.get(key);
        if (!object || (query.versionId !== undefined && query.versionId !== object.versionId)) {
          res.writeHead(404);
          res.end();
          return;
        }
        res.writeHead(200, {
          'content-length': String(object.body.length),
          etag: '"fake"',
          'last-modified': object.lastModified.toUTCString(),
          ...(object.versionId === undefined ? {} : { 'x-amz-version-id': object.versionId }),
          ...Object.fromEntries(Object.entries(object.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v])),
        });
        res.end();
        return;
      }
      case 'ListObjectsV2':
        return reply(res, 200, this.listXml(query));
      case 'DeleteObjects':
        for (const k of keys) this.objects.delete(k);
        return reply(res, 200, '<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>');
    }
  }

  private listXml(query: Record<string, string>): string {
    const prefix = query.prefix ?? '';
    const all = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const start = query['continuation-token'] ? Number(query['continuation-token']) : 0;
    const size = Math.min(Number(query['max-keys'] ?? 1000), this.options.pageSize ?? 1000);
    const page = all.slice(start, start + size);
    const truncated = start + size < all.length;
    const encode = query['encoding-type'] === 'url' ? encodeURIComponent : (k: string) => k;
    const contents = page
      .map((k) => {
        const o = this.objects.get(k) as StoredObject;
        return `<Contents><Key>${xmlEscape(encode(k))}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"fake"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${xmlEscape(this.options.bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
      `<MaxKeys>${size}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      (truncated ? `<NextContinuationToken>${start + size}</NextContinuationToken>` : '') +
      `${contents}</ListBucketResult>`
    );
  }
}

function operationOf(method: string, key: string, query: Record<string, string>): S3Operation | undefined {
  if (method === 'PUT' && key) return 'PutObject';
  if (method === 'GET' && key) return 'GetObject';
  if (method === 'HEAD' && key) return 'HeadObject';
  if (method === 'GET' && query['list-type'] === '2') return 'ListObjectsV2';
  if (method === 'POST' && 'delete' in query) return 'DeleteObjects';
  return undefined;
}

/** The payload of a PutObject, unwrapping `aws-chunked` framing when the SDK streams with trailing checksums. */
function decodeBody(req: IncomingMessage, body: Buffer): Buffer {
  if (!String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) return body;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake</RequestId></Error>`;
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/xml', ...headers });
  res.end(body);
}
