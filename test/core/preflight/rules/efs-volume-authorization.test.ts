import type { JsonObject } from '../../../../core/preflight/json-value';
import { efsVolumeAuthorization } from '../../../../core/preflight/rules/efs-volume-authorization';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

const check = (efs: JsonObject, taskRole = true) =>
  runRule(
    efsVolumeAuthorization,
    assemblyOf(
      stack('env', {
        resources: {
          Task: resource(
            'AWS::ECS::TaskDefinition',
            {
              Family: 'shop-prod-web',
              ...(taskRole ? { TaskRoleArn: getAtt('TaskRole') } : {}),
              Volumes: [{ Name: 'uploads', EFSVolumeConfiguration: { FilesystemId: ref('Files'), ...efs } }],
            },
            'prod/Service/Task',
          ),
        },
      }),
    ),
  );

describe('efs-volume-authorization', () => {
  test.each([
    [
      'transit encryption with IAM and an access point',
      { TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: ref('Ap') } },
    ],
    [
      'an access point with RootDirectory /',
      { TransitEncryption: 'ENABLED', RootDirectory: '/', AuthorizationConfig: { AccessPointId: ref('Ap') } },
    ],
    ['no authorization config at all', { RootDirectory: '/data' }],
  ])('compliant: %s', (_name, efs) => {
    expect(check(efs as JsonObject)).toEqual([]);
  });

  test('non-compliant: IAM authorization without transit encryption is an error naming the volume', () => {
    const findings = check({ AuthorizationConfig: { IAM: 'ENABLED' } });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', logicalId: 'Task', constructPath: 'prod/Service/Task' }),
    ]);
    expect(findings[0].message).toBe(
      "volume 'uploads' uses IAM authorization with TransitEncryption DISABLED: set it to ENABLED",
    );
  });

  test('non-compliant: an access point mounted with transit encryption DISABLED', () => {
    const findings = check({ TransitEncryption: 'DISABLED', AuthorizationConfig: { AccessPointId: ref('Ap') } });
    expect(findings.map((f) => f.message)).toEqual([
      "volume 'uploads' mounts an access point with TransitEncryption DISABLED: set it to ENABLED",
    ]);
  });

  test('non-compliant: an access point with a root directory of its own', () => {
    const findings = check({
      TransitEncryption: 'ENABLED',
      RootDirectory: '/data',
      AuthorizationConfig: { AccessPointId: ref('Ap') },
    });
    expect(findings[0].message).toContain("sets RootDirectory '/data' with an access point");
  });

  test('non-compliant: IAM authorization in a task definition without a task role', () => {
    const findings = check({ TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED' } }, false);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('no task role');
  });
});
