import { resourcePolicyConfusedDeputy } from '../../../../core/preflight/rules/resource-policy-confused-deputy';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { assemblyOf, resource, role, runRule, severities, stack, TOOLS } from '../harness';

const topicPolicy = (Condition?: JsonObject) =>
  resource('AWS::SNS::TopicPolicy', {
    Topics: ['t'],
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sns:Publish',
          Principal: { Service: 'codestar-notifications.amazonaws.com' },
          ...(Condition ? { Condition } : {}),
        },
      ],
    },
  });
const run = (resources: Record<string, TemplateResource>) =>
  runRule(resourcePolicyConfusedDeputy, assemblyOf(stack('app-staging', { resources })));

describe('resource-policy-confused-deputy', () => {
  test('compliant: a topic policy that admits notifications for this account', () => {
    expect(run({ Policy: topicPolicy({ StringEquals: { 'aws:SourceAccount': TOOLS } }) })).toEqual([]);
  });

  test("compliant: a role's trust in a service is left to service-role-confused-deputy", () => {
    const trust = role({
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] },
    });
    expect(run({ Role: trust })).toEqual([]);
  });

  test('non-compliant: a topic policy that admits notification rules of any account, named by stack and resource', () => {
    const findings = run({ Policy: topicPolicy() });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0]).toMatchObject({ stackName: 'app-staging', logicalId: 'Policy' });
    expect(findings[0].message).toBe(
      "the AWS::SNS::TopicPolicy policy of 'Policy' admits service principal " +
        "'codestar-notifications.amazonaws.com' with no aws:SourceAccount or aws:SourceArn condition, so that service " +
        'acts here for any account that points it at this resource (the confused deputy): add aws:SourceAccount with this account',
    );
  });

  test('non-compliant: a Lambda permission for a service with no SourceAccount or SourceArn', () => {
    const permission = resource('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: 'f',
      Principal: 's3.amazonaws.com',
    });
    expect(severities(run({ Permission: permission }))).toEqual(['error']);
  });
});
