import { route } from '../../../service/src/routes';

const INFO = { service: 'shop', version: '3f2c1e9' };

describe('route', () => {
  test.each([
    ['/health', { status: 'ok' }],
    ['/health?probe=alb', { status: 'ok' }],
    ['/version', { service: 'shop', version: '3f2c1e9' }],
  ])('GET %s answers 200 with JSON %j', (path, body) => {
    const reply = route('GET', path, INFO);

    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(reply.body)).toEqual(body);
  });

  test('GET / answers a line of text naming the service and version', () => {
    const reply = route('GET', '/', INFO);

    expect(reply).toMatchObject({ status: 200, body: 'shop 3f2c1e9: see /health and /version\n' });
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('HEAD is answered like GET (the server leaves the body out)', () => {
    expect(route('HEAD', '/health', INFO)).toEqual(route('GET', '/health', INFO));
  });

  test.each(['/nope', '/health/', '/HEALTH', '/version/extra', ''])('%j is 404', (path) => {
    expect(route('GET', path, INFO)).toMatchObject({ status: 404, body: '{"error":"not found"}' });
  });

  test('other methods on a known path are 405 with Allow', () => {
    const reply = route('POST', '/health', INFO);

    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  test('no answer may be cached', () => {
    for (const path of ['/', '/health', '/version', '/nope']) {
      expect(route('GET', path, INFO).headers['cache-control']).toBe('no-store');
    }
  });
});
