import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { SPA_FALLBACK_SOURCE } from '../../../../pipeline/environment/frontend/spa-fallback';

interface ViewerRequest {
  uri: string;
}
type Handler = (event: { request: ViewerRequest }) => ViewerRequest;

// The function's own file, evaluated as CloudFront would: a script that defines handler(event).
const handler = runInNewContext(`${readFileSync(SPA_FALLBACK_SOURCE, 'utf8')}; handler`) as Handler;

describe('SPA fallback function (viewer request of the S3 behavior)', () => {
  test.each([
    ['/', '/index.html'],
    ['/orders', '/index.html'],
    ['/orders/42/edit', '/index.html'],
    ['/index.html', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/app.3f2a1b.js', '/assets/app.3f2a1b.js'],
    ['/robots.txt', '/robots.txt'],
    ['/v2.0/orders', '/index.html'],
  ])('%s → %s', (uri, expected) => {
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });
});
