import type { ServiceInfo } from './settings';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const READ_METHODS = ['GET', 'HEAD'];

/** The whole API of the sample service, as a pure function of the request line. */
export function route(method: string | undefined, url: string | undefined, info: ServiceInfo): Reply {
  const path = (url ?? '/').split(/[?#]/, 1)[0];
  const answer = ANSWERS[path];
  if (answer === undefined) return json(404, { error: 'not found' });
  if (!READ_METHODS.includes(method ?? '')) {
    return {
      ...json(405, { error: 'method not allowed' }),
      headers: { ...JSON_HEADERS, allow: READ_METHODS.join(', ') },
    };
  }
  return answer(info);
}

const ANSWERS: Record<string, (info: ServiceInfo) => Reply> = {
  '/': (info) => ({
    status: 200,
    headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: `${info.service} ${info.version}: see /health and /version\n`,
  }),
  '/health': () => json(200, { status: 'ok' }),
  '/version': (info) => json(200, { service: info.service, version: info.version }),
};

// Answers describe this very task, so no cache may keep them; nosniff because clients get exactly the type we say.
const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const JSON_HEADERS = { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' };

function json(status: number, body: unknown): Reply {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}
