import { z } from 'zod';
import { ChecksError, parseChecks, parseChecksJson } from '../../../core/checks';
import { checkSchema } from '../../../model/config/schema';

// The hook validates CHECKS without zod to stay small; this table keeps it in step with checkSchema.
const AGREEMENT: [string, unknown][] = [
  ['minimal', { path: '/health' }],
  [
    'every field',
    {
      path: '/v?x=1',
      method: 'HEAD',
      expectStatus: 204,
      bodyContains: 'ok',
      jsonField: { path: 'build.commit', equals: 'abc' },
      latencyBudgetMs: 1,
      timeoutMs: 100,
      attempts: 10,
      backoffMs: 0,
    },
  ],
  [
    'upper bounds',
    { path: '/', expectStatus: 599, latencyBudgetMs: 60_000, timeoutMs: 60_000, attempts: 1, backoffMs: 30_000 },
  ],
  ['json equals null', { path: '/', jsonField: { path: 'a', equals: null } }],
  ['json equals number', { path: '/', jsonField: { path: 'items.0.id', equals: 7 } }],
  ['json equals boolean', { path: '/', jsonField: { path: 'ok', equals: false } }],
  ['path without slash', { path: 'health' }],
  ['path with space', { path: '/a b' }],
  ['path missing', { method: 'GET' }],
  ['path not a string', { path: 5 }],
  ['unknown field', { path: '/', expect: 200 }],
  ['lower-case method', { path: '/', method: 'get' }],
  ['method null', { path: '/', method: null }],
  ['status too low', { path: '/', expectStatus: 99 }],
  ['status too high', { path: '/', expectStatus: 600 }],
  ['status fractional', { path: '/', expectStatus: 200.5 }],
  ['status as string', { path: '/', expectStatus: '200' }],
  ['empty bodyContains', { path: '/', bodyContains: '' }],
  ['latency budget zero', { path: '/', latencyBudgetMs: 0 }],
  ['timeout too short', { path: '/', timeoutMs: 99 }],
  ['timeout too long', { path: '/', timeoutMs: 60_001 }],
  ['attempts zero', { path: '/', attempts: 0 }],
  ['attempts eleven', { path: '/', attempts: 11 }],
  ['negative backoff', { path: '/', backoffMs: -1 }],
  ['backoff too long', { path: '/', backoffMs: 30_001 }],
  ['json field path with space', { path: '/', jsonField: { path: 'a b', equals: 1 } }],
  ['json field path trailing dot', { path: '/', jsonField: { path: 'a.', equals: 1 } }],
  ['json field without equals', { path: '/', jsonField: { path: 'a' } }],
  ['json field equals object', { path: '/', jsonField: { path: 'a', equals: { b: 1 } } }],
  ['json field unknown key', { path: '/', jsonField: { path: 'a', equals: 1, not: true } }],
  ['json field a list', { path: '/', jsonField: ['a'] }],
  ['check a string', '/health'],
  ['check null', null],
  ['check a list', [{ path: '/' }]],
];

describe('parseChecks', () => {
  test.each(AGREEMENT)('agrees with checkSchema: %s', (_name, check) => {
    const expected = z.array(checkSchema).min(1).safeParse([check]);
    if (expected.success) {
      expect(parseChecks([check], 'CHECKS')).toEqual(expected.data);
    } else {
      expect(() => parseChecks([check], 'CHECKS')).toThrow(ChecksError);
    }
  });

  test('fills in the defaults of checkSchema', () => {
    expect(parseChecks([{ path: '/health' }], 'CHECKS')).toEqual([
      { path: '/health', method: 'GET', timeoutMs: 5_000, attempts: 3, backoffMs: 1_000 },
    ]);
  });

  test('names every bad field with its index and value', () => {
    expect(() => parseChecks([{ path: '/ok' }, { path: 'x', attempts: 0, colour: 'red' }], 'CHECKS')).toThrow(
      new ChecksError('CHECKS', [
        "[1]: unknown field 'colour'",
        '[1].path: must be a URL path starting with \'/\' (got "x")',
        '[1].attempts: must be an integer from 1 to 10 (got 0)',
      ]),
    );
  });

  test.each([
    [[], 'CHECKS is not valid: needs at least one check'],
    [{ path: '/' }, 'CHECKS is not valid: must be a list of checks (got a map)'],
    [[{}], 'CHECKS is not valid: [0].path: is required (a URL path such as /health)'],
    [
      [{ path: '/', method: 'FETCH' }],
      'CHECKS is not valid: [0].method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (got "FETCH")',
    ],
  ])('refuses %j', (value, message) => {
    expect(() => parseChecks(value, 'CHECKS')).toThrow(message);
  });
});

describe('parseChecksJson', () => {
  test('parses a JSON list', () => {
    expect(parseChecksJson('[{"path":"/version","jsonField":{"path":"service","equals":"sample"}}]', 'CHECKS')).toEqual(
      [
        {
          path: '/version',
          method: 'GET',
          timeoutMs: 5_000,
          attempts: 3,
          backoffMs: 1_000,
          jsonField: { path: 'service', equals: 'sample' },
        },
      ],
    );
  });

  test.each([
    [undefined, 'CHECKS is not valid: is required: a JSON list of checks such as [{"path":"/health"}]'],
    ['  ', 'CHECKS is not valid: is required'],
    ['[{path:"/"}]', 'CHECKS is not valid: is not JSON'],
  ])('refuses %j', (text, message) => {
    expect(() => parseChecksJson(text, 'CHECKS')).toThrow(message);
  });
});
