import { effectiveCacheFor } from '../../../model/config/cache-schema';
import { dataProblems, dataYaml, parseData } from './data-config-harness';

describe('cache config', () => {
  test('defaults: serverless Valkey with an AUTH token', () => {
    const config = parseData(dataYaml('cache: {}'));

    expect(effectiveCacheFor(config, 'staging')).toEqual({
      engine: 'valkey',
      mode: 'serverless',
      authentication: 'token',
    });
  });

  test('serverless in staging, two replicas on nodes with IAM in prod', () => {
    const config = parseData(
      dataYaml('cache: { engine: redis }', {
        prod: ', cache: { mode: nodes, nodeType: cache.r7g.large, replicas: 2, authentication: iam }',
      }),
    );

    expect(effectiveCacheFor(config, 'staging')).toEqual({
      engine: 'redis',
      mode: 'serverless',
      authentication: 'token',
    });
    expect(effectiveCacheFor(config, 'prod')).toEqual({
      engine: 'redis',
      mode: 'nodes',
      nodeType: 'cache.r7g.large',
      replicas: 2,
      authentication: 'iam',
    });
  });

  test('nodes default to cache.t4g.small with one replica; no cache block means no cache', () => {
    expect(effectiveCacheFor(parseData(dataYaml('cache: { mode: nodes }')), 'prod')).toMatchObject({
      nodeType: 'cache.t4g.small',
      replicas: 1,
    });
    expect(effectiveCacheFor(parseData(dataYaml('')), 'prod')).toBeUndefined();
  });

  test.each([
    ['cache: { engine: memcached }', {}, ['cache.engine: must be one of "valkey", "redis" (got "memcached")']],
    [
      'cache: { replicas: 2 }',
      {},
      ['cache.replicas: is only for mode: nodes (a serverless cache sizes itself) (got 2)'],
    ],
    [
      'cache: { mode: nodes }',
      { staging: ', cache: { mode: serverless, nodeType: cache.t4g.small }' },
      [
        'environments[0].cache.nodeType: is only for mode: nodes (a serverless cache sizes itself) (got "cache.t4g.small")',
      ],
    ],
    ['cache: { mode: nodes, replicas: 6 }', {}, ['cache.replicas: Too big: expected number to be <=5 (got 6)']],
    [
      'cache: { authentication: password }',
      {},
      ['cache.authentication: must be one of "token", "iam" (got "password")'],
    ],
    [
      '',
      { prod: ', cache: { mode: nodes }' },
      ['environments[1].cache: needs a top-level cache block (got {"mode":"nodes"})'],
    ],
  ])('refuses %s %j', (top, extras, expected) => {
    expect(dataProblems(dataYaml(top, extras))).toEqual(expected);
  });
});
