import { evaluateResponse, parseChecks } from '../../../core/checks';

const check = (fields: Record<string, unknown>) => parseChecks([{ path: '/x', ...fields }], 'test')[0];

describe('evaluateResponse', () => {
  test.each([
    ['any 2xx by default', {}, 204, '', []],
    ['the top of 2xx', {}, 299, '', []],
    ['a redirect is not 2xx', {}, 301, '', ['status 301, expected 2xx']],
    ['server error', {}, 500, '', ['status 500, expected 2xx']],
    ['exact status', { expectStatus: 200 }, 201, '', ['status 201, expected 200']],
    ['an expected error status passes', { expectStatus: 503 }, 503, '', []],
  ])('status: %s', (_name, fields, status, body, problems) => {
    expect(evaluateResponse(check(fields), { status, body }, 1)).toEqual(problems);
  });

  test('body substring', () => {
    const c = check({ bodyContains: 'ready' });
    expect(evaluateResponse(c, { status: 200, body: 'all ready now' }, 1)).toEqual([]);
    expect(evaluateResponse(c, { status: 200, body: 'starting' }, 1)).toEqual(['body does not contain "ready"']);
  });

  test.each([
    ['equal string', 'service', 'sample', '{"service":"sample"}', []],
    ['nested field', 'build.commit', 'abc', '{"build":{"commit":"abc"}}', []],
    ['array index', 'items.1', 2, '{"items":[1,2]}', []],
    ['null', 'a', null, '{"a":null}', []],
    [
      'different value',
      'service',
      'sample',
      '{"service":"other"}',
      ['JSON field service is "other", expected "sample"'],
    ],
    ['type differs', 'port', 8080, '{"port":"8080"}', ['JSON field port is "8080", expected 8080']],
    ['missing field', 'version', 'v1', '{"service":"sample"}', ['JSON field version is missing, expected "v1"']],
    ['through a scalar', 'a.b', 1, '{"a":1}', ['JSON field a.b is missing, expected 1']],
    ['inherited property', 'constructor', null, '{}', ['JSON field constructor is missing, expected null']],
    ['object value', 'a', 1, '{"a":{"b":1}}', ['JSON field a is {"b":1}, expected 1']],
    ['not JSON', 'a', 1, '<html>', ['body is not JSON, expected field a to be 1']],
  ])('JSON field: %s', (_name, path, equals, body, problems) => {
    expect(evaluateResponse(check({ jsonField: { path, equals } }), { status: 200, body }, 1)).toEqual(problems);
  });

  test('latency budget: at the budget passes, over it fails', () => {
    const c = check({ latencyBudgetMs: 100 });
    expect(evaluateResponse(c, { status: 200, body: '' }, 100)).toEqual([]);
    expect(evaluateResponse(c, { status: 200, body: '' }, 100.6)).toEqual([
      'took 101 ms, over the latency budget of 100 ms',
    ]);
  });

  test('reports every problem of one answer', () => {
    const c = check({ expectStatus: 200, bodyContains: 'ok', latencyBudgetMs: 10 });
    expect(evaluateResponse(c, { status: 500, body: 'boom' }, 20)).toEqual([
      'status 500, expected 200',
      'body does not contain "ok"',
      'took 20 ms, over the latency budget of 10 ms',
    ]);
  });
});
