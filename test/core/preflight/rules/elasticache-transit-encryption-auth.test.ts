import type { JsonObject } from '../../../../core/preflight/json-value';
import { elasticacheTransitEncryptionAuth } from '../../../../core/preflight/rules/elasticache-transit-encryption-auth';
import { assemblyOf, ref, resource, runRule, severities, stack } from '../harness';

const TOKEN = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref('AuthSecret'), ':SecretString:::}}']] };

const check = (properties: JsonObject) =>
  runRule(
    elasticacheTransitEncryptionAuth,
    assemblyOf(
      stack('data', {
        resources: {
          Cache: resource(
            'AWS::ElastiCache::ReplicationGroup',
            { ReplicationGroupDescription: 'cache', Engine: 'valkey', ...properties },
            'prod/Data/Cache/ReplicationGroup',
          ),
        },
      }),
    ),
  );

describe('elasticache-transit-encryption-auth', () => {
  test.each([
    ['an AUTH token with in-transit encryption', { AuthToken: TOKEN, TransitEncryptionEnabled: true }],
    ['an AUTH token with TransitEncryptionEnabled "true"', { AuthToken: TOKEN, TransitEncryptionEnabled: 'true' }],
    ['no AUTH token and no encryption', {}],
    ['no AUTH token, encryption off', { TransitEncryptionEnabled: false }],
  ])('compliant: %s', (_name, properties) => {
    expect(check(properties)).toEqual([]);
  });

  test('non-compliant: an AUTH token without TransitEncryptionEnabled is an error', () => {
    const findings = check({ AuthToken: TOKEN });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Cache',
        constructPath: 'prod/Data/Cache/ReplicationGroup',
      }),
    ]);
    expect(findings[0].message).toContain('TransitEncryptionEnabled');
  });

  test('non-compliant: an AUTH token with TransitEncryptionEnabled false is an error', () => {
    expect(severities(check({ AuthToken: TOKEN, TransitEncryptionEnabled: false }))).toEqual(['error']);
  });

  test('warning: TransitEncryptionEnabled from a parameter cannot be judged', () => {
    expect(severities(check({ AuthToken: TOKEN, TransitEncryptionEnabled: ref('Encrypt') }))).toEqual(['warning']);
  });
});
