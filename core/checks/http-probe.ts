import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Probe, ProbeResponse } from './probe';

/** Bodies are read up to this size; the rest is not needed to evaluate a check. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Probe over node:http(s): one fresh connection per attempt (no keep-alive, so a retry reaches a
 * task again through the load balancer), no redirects followed, the body read as UTF-8.
 */
export const httpProbe: Probe = (request, signal) =>
  new Promise<ProbeResponse>((resolve, reject) => {
    const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(
      request.url,
      { method: request.method, signal, agent: false, headers: { 'user-agent': 'bluegreen-check', accept: '*/*' } },
      (response) => readBody(response).then(resolve, reject),
    );
    outgoing.on('error', reject);
    outgoing.end();
  });

function readBody(response: IncomingMessage): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_BODY_BYTES) {
        chunks.splice(0, chunks.length, Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
        response.destroy();
        finish();
      }
    });
    response.on('end', finish);
    response.on('error', reject);
  });
}
