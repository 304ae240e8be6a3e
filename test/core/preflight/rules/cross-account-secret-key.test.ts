import type { JsonObject } from '../../../../core/preflight/json-value';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import { crossAccountSecretKey } from '../../../../core/preflight/rules/cross-account-secret-key';
import { assemblyOf, attachedPolicy, getAtt, resource, role, runRule, STAGING, stack, statement } from '../harness';

const OWNER = '999999999999';
const FOREIGN = `arn:aws:secretsmanager:eu-west-1:${OWNER}:secret:payments/stripe-AbCdEf`;
const OWN = `arn:aws:secretsmanager:eu-west-1:${STAGING}:secret:desk/django-AbCdEf`;
const KEY = `arn:aws:kms:eu-west-1:${OWNER}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;

function taskDefinition(valueFrom: string, executionRole = getAtt('ExecRole')): TemplateResource {
  return resource(
    'AWS::ECS::TaskDefinition',
    {
      ExecutionRoleArn: executionRole,
      ContainerDefinitions: [{ Name: 'app', Secrets: [{ Name: 'KEY', ValueFrom: valueFrom }] }],
    },
    'env/Service-web/Task/TaskDefinition/Resource',
  );
}

const getSecret = statement('secretsmanager:GetSecretValue', FOREIGN);
const check = (resources: Record<string, TemplateResource>) =>
  runRule(crossAccountSecretKey, assemblyOf(stack('env', { account: STAGING, resources })));
const withPolicy = (...statements: JsonObject[]) => ({
  ExecRole: role(),
  ExecPolicy: attachedPolicy('ExecRole', ...statements),
});

describe('cross-account-secret-key', () => {
  test("compliant: a secret of the stack's own account needs no key grant", () => {
    expect(
      check({ Task: taskDefinition(OWN), ...withPolicy(statement('secretsmanager:GetSecretValue', OWN)) }),
    ).toEqual([]);
  });

  test("compliant: another account's secret with GetSecretValue and kms:Decrypt on a key of that account", () => {
    expect(check({ Task: taskDefinition(FOREIGN), ...withPolicy(getSecret, statement('kms:Decrypt', KEY)) })).toEqual(
      [],
    );
  });

  test("non-compliant: another account's secret without the key grant is an error naming the secret and the role", () => {
    const findings = check({ Task: taskDefinition(FOREIGN), ...withPolicy(getSecret) });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'cross-account-secret-key',
        severity: 'error',
        logicalId: 'Task',
        constructPath: 'env/Service-web/Task/TaskDefinition/Resource',
      }),
    ]);
    expect(findings[0].message).toBe(
      `reads the secret ${FOREIGN} of account ${OWNER}, but its execution role 'ExecRole' does not allow ` +
        `kms:Decrypt on a key of account ${OWNER}: the task would not start; mark the secret shared with its ` +
        'kmsKeyArn in the configuration, or use a secret of this account',
    );
  });

  test('non-compliant: kms:Decrypt on a key of the wrong account does not count', () => {
    const ownKey = `arn:aws:kms:eu-west-1:${STAGING}:key/1111`;
    const findings = check({
      Task: taskDefinition(FOREIGN),
      ...withPolicy(getSecret, statement('kms:Decrypt', ownKey)),
    });
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });

  test('warning: an execution role outside the assembly cannot be checked', () => {
    const findings = check({ Task: taskDefinition(FOREIGN, `arn:aws:iam::${STAGING}:role/elsewhere`) });
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0].message).toContain('kms:Decrypt on the key of');
  });
});
