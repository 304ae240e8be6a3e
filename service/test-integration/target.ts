/** Where the suite sends its requests: `TARGET_URL`, the base URL of the service (green's test listener in the gate). */
export function targetUrl(text: string | undefined): URL {
  if (text === undefined || text.trim() === '') {
    throw new Error(
      'TARGET_URL is required: the base URL of the service under test, e.g. http://my-alb.example.com:8443',
    );
  }
  const url = new URL(text.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TARGET_URL must use http or https (got ${JSON.stringify(text)})`);
  }
  // A base with a path keeps it: paths below are resolved relative to it.
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

/** Bound on each request, so a green that hangs fails the suite instead of holding the build until its timeout. */
export const REQUEST_TIMEOUT_MS = 5_000;

/** GET `path` (relative to the target) without following redirects: the suite judges what green itself answers. */
export function get(base: URL, path: string): Promise<Response> {
  return fetch(new URL(path.replace(/^\//, ''), base), {
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}
