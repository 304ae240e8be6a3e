import { serviceRoleConfusedDeputy } from '../../../../core/preflight/rules/service-role-confused-deputy';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { assemblyOf, role, runRule, severities, stack } from '../harness';

function trustedBy(service: string | string[], condition?: JsonObject) {
  return role({
    AssumeRolePolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: service },
          ...(condition === undefined ? {} : { Condition: condition }),
        },
      ],
    },
  });
}

const run = (resource: ReturnType<typeof role>) =>
  runRule(serviceRoleConfusedDeputy, assemblyOf(stack('app', { resources: { StepRole: resource } })));

describe('service-role-confused-deputy', () => {
  test.each<[string, JsonObject]>([
    [
      'aws:SourceArn pinned to the project',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:codebuild:eu-west-1:111111111111:project/p' } },
    ],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111111111111' } }],
    ['a key spelt in another case', { StringEquals: { 'AWS:SourceAccount': '111111111111' } }],
  ])('compliant: a CodeBuild role with %s', (_, condition) => {
    expect(run(trustedBy('codebuild.amazonaws.com', condition))).toEqual([]);
  });

  test('compliant: a service AWS documents no such condition for (Lambda) is not judged', () => {
    expect(run(trustedBy('lambda.amazonaws.com'))).toEqual([]);
  });

  test.each(['codebuild.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'monitoring.rds.amazonaws.com'])(
    'non-compliant: %s with no condition is an error naming the role and the page',
    (service) => {
      const findings = run(trustedBy([service]));
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain(
        `role 'StepRole' trusts ${service} with no aws:SourceAccount or aws:SourceArn`,
      );
      expect(findings[0].message).toContain('https://docs.aws.amazon.com/');
    },
  );

  test('non-compliant: a condition on something else does not count', () => {
    const findings = run(trustedBy('codebuild.amazonaws.com', { StringEquals: { 'aws:PrincipalTag/team': 'x' } }));
    expect(severities(findings)).toEqual(['error']);
  });
});
