import { errorCode, errorMessage } from './error-text';

/** One HTTP request of a check attempt. */
export interface ProbeRequest {
  readonly url: URL;
  readonly method: string;
}

/** What the target answered; `body` may be cut at a size limit. */
export interface ProbeResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request and reads the whole answer. It must stop when `signal` aborts; the engine also
 * stops waiting for it then, so a probe that ignores the signal cannot hang a check.
 */
export type Probe = (request: ProbeRequest, signal: AbortSignal) => Promise<ProbeResponse>;

const ERROR_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

/** A short, readable reason for a failed request, keeping the system error code for searching. */
export function describeProbeError(error: unknown): string {
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === undefined) return `request failed: ${message}`;
  const known = ERROR_CODES[code];
  if (known !== undefined) return `${known} (${code})`;
  if (code.startsWith('HPE_')) return `invalid HTTP response (${code})`;
  if (code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))
    return `TLS error (${code}): ${message}`;
  return `request failed (${code}): ${message}`;
}
