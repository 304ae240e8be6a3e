/**
 * Parses the base URL the checks run against (the test listener). `name` says where the value
 * came from (`TARGET_URL`, `--url`) so the message points at it.
 */
export function parseTargetUrl(text: string | undefined, name: string): URL {
  if (text === undefined || text.trim() === '') {
    throw new Error(`${name} is required: the base URL of the target, e.g. http://my-alb.example.com:8443`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `${name} must be an absolute http(s) URL such as http://my-alb.example.com:8443 (got ${JSON.stringify(text)})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must use http or https (got ${JSON.stringify(text)})`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`${name} must be a base URL without query, fragment or credentials (got ${JSON.stringify(text)})`);
  }
  return url;
}

/** The URL of one check: the base URL's path (if any) followed by the check's path. */
export function checkUrl(base: URL, path: string): URL {
  const url = new URL(base.href);
  const [pathname, search] = splitQuery(path);
  url.pathname = base.pathname.replace(/\/+$/, '') + pathname;
  url.search = search;
  return url;
}

function splitQuery(path: string): [string, string] {
  const index = path.indexOf('?');
  return index === -1 ? [path, ''] : [path.slice(0, index), path.slice(index)];
}
