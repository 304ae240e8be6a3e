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

  test('a rotation at the top applies to every environment; an environment may set its own', () => {
    const config = parseData(
      dataYaml('cache: { rotation: { days: 30 } }', { prod: ', cache: { rotation: { days: 7 } }' }),
    );

    expect(effectiveCacheFor(config, 'staging')).toMatchObject({ authentication: 'token', rotation: { days: 30 } });
    expect(effectiveCacheFor(config, 'prod')).toMatchObject({ rotation: { days: 7 } });
    expect(effectiveCacheFor(parseData(dataYaml('cache: {}')), 'prod')).not.toHaveProperty('rotation');
  });

  test.each([
    [
      'cache: { authentication: iam, rotation: { days: 30 } }',
      {},
      [
        'cache.rotation: rotates a token, but the cache of staging authenticates by IAM (each connection signs with the task role) and has no token: drop the rotation for staging, or use authentication: token (got {"days":30})',
        'cache.rotation: rotates a token, but the cache of prod authenticates by IAM (each connection signs with the task role) and has no token: drop the rotation for prod, or use authentication: token (got {"days":30})',
      ],
    ],
    [
      'cache: { rotation: { days: 30 } }',
      { prod: ', cache: { authentication: iam }' },
      [
        'environments[1].cache.authentication: authenticates by IAM (each connection signs with the task role) and has no token for the top-level cache.rotation to rotate: move rotation: into the environments whose cache uses a token, or use authentication: token here (got "iam")',
      ],
    ],
    ['cache: { rotation: { days: 0 } }', {}, ['cache.rotation.days: Too small: expected number to be >=1 (got 0)']],
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
