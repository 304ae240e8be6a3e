import { principalExistsFirst } from '../../../../core/preflight/rules/principal-exists-first';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { assemblyOf, resource, role, runRule, severities, STAGING, stack } from '../harness';

const ROLE_ARN = `arn:aws:iam::${STAGING}:role/app-staging-cd-action`;

const keyNaming = (principal: JsonObject['Principal'], condition?: JsonObject) =>
  resource(
    'AWS::KMS::Key',
    {
      KeyPolicy: {
        Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Principal: principal, ...condition }],
      },
    },
    'app-pipeline/Artifacts/Key/Resource',
  );

const environmentStack = stack('environment', {
  account: STAGING,
  assemblyPath: 'assembly-app-pipeline-staging',
  resources: { ActionRole: role({ RoleName: 'app-staging-cd-action' }) },
});

describe('principal-exists-first', () => {
  test('non-compliant: the pipeline stack names a role another stage creates later', () => {
    const pipeline = stack('app-pipeline', { resources: { Key: keyNaming({ AWS: [ROLE_ARN] }) } });
    const findings = runRule(principalExistsFirst, assemblyOf(pipeline, environmentStack));
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain(`names role ${ROLE_ARN} as principal, which stack environment creates`);
    expect(findings[0].message).toContain('another stage');
  });

  test('compliant: the account as principal, narrowed by aws:PrincipalArn', () => {
    const pipeline = stack('app-pipeline', {
      resources: {
        Key: keyNaming(
          { AWS: `arn:aws:iam::${STAGING}:root` },
          { Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } } },
        ),
      },
    });
    expect(runRule(principalExistsFirst, assemblyOf(pipeline, environmentStack))).toEqual([]);
  });

  test('compliant: the stack naming the role depends on the stack that creates it', () => {
    const creator = stack('roles', {
      account: STAGING,
      resources: { ActionRole: role({ RoleName: 'app-staging-cd-action' }) },
    });
    const user = stack('user', { dependencies: ['roles'], resources: { Key: keyNaming({ AWS: ROLE_ARN }) } });
    expect(runRule(principalExistsFirst, assemblyOf(creator, user))).toEqual([]);
  });

  test('compliant: a role no stack of the app creates (it exists already, e.g. a bootstrap role)', () => {
    const pipeline = stack('app-pipeline', {
      resources: { Key: keyNaming({ AWS: `arn:aws:iam::${STAGING}:role/cdk-hnb659fds-deploy-role` }) },
    });
    expect(runRule(principalExistsFirst, assemblyOf(pipeline, environmentStack))).toEqual([]);
  });

  test('non-compliant: a trust policy naming a role of a stack deployed independently', () => {
    const other = stack('other', {
      account: STAGING,
      resources: { ActionRole: role({ RoleName: 'app-staging-cd-action' }) },
    });
    const trusting = stack('trusting', {
      resources: {
        Reader: role({
          AssumeRolePolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ROLE_ARN } }],
          },
        }),
      },
    });
    expect(severities(runRule(principalExistsFirst, assemblyOf(other, trusting)))).toEqual(['error']);
  });
});
