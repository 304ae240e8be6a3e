import type { JsonObject } from '../../../../core/preflight/json-value';
import {
  pipelineRoleRedirectsTraffic,
  TRAFFIC_WRITES,
} from '../../../../core/preflight/rules/pipeline-role-redirects-traffic';
import {
  assemblyOf,
  attachedPolicy,
  getAtt,
  inlinePolicy,
  partitionArn,
  pipeline,
  resource,
  role,
  runRule,
  stack,
  stage,
  STAGING,
  statement,
  TOOLS,
} from '../harness';

const trusting = (Principal: JsonObject, properties: JsonObject = {}) =>
  role({
    AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal }] },
    ...properties,
  });
const TOOLS_ACCOUNT = { AWS: partitionArn(`:iam::${TOOLS}:root`) };
const LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/app/1/2';

/** An environment stack holding `resources`. */
const environment = (resources: Record<string, ReturnType<typeof resource>>) =>
  assemblyOf(stack('appstagingService', { account: STAGING, resources }));

describe('pipeline-role-redirects-traffic', () => {
  test('compliant: the pipeline-trusted role only invokes the function; the function role holds ModifyListener', () => {
    const assembly = environment({
      RepointRole: trusting(TOOLS_ACCOUNT, inlinePolicy(statement('lambda:InvokeFunction', getAtt('Repoint')))),
      RepointFunctionRole: trusting(
        { Service: 'lambda.amazonaws.com' },
        inlinePolicy(statement(['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'], LISTENER)),
      ),
    });

    expect(runRule(pipelineRoleRedirectsTraffic, assembly)).toEqual([]);
  });

  test('non-compliant: a role the tools account may assume holds ModifyListener, even on one listener ARN', () => {
    const assembly = environment({
      RepointRole: trusting(TOOLS_ACCOUNT),
      RepointPolicy: attachedPolicy('RepointRole', statement('elasticloadbalancing:ModifyListener', LISTENER)),
    });

    const findings = runRule(pipelineRoleRedirectsTraffic, assembly);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', logicalId: 'RepointRole' });
    expect(findings[0].message).toContain('may call elasticloadbalancing:ModifyListener');
    expect(findings[0].message).toContain(`a principal of arn:\${AWS::Partition}:iam::${TOOLS}:root`);
  });

  test.each([
    ['a wildcard service action', 'elasticloadbalancing:*', ['elasticloadbalancing:ModifyListener']],
    ['a DNS record change', 'route53:ChangeResourceRecordSets', ['route53:ChangeResourceRecordSets']],
    ['registering targets', 'elasticloadbalancing:Register*', ['elasticloadbalancing:RegisterTargets']],
    ['a distribution update', 'cloudfront:UpdateDistribution', ['cloudfront:UpdateDistribution']],
  ])('non-compliant: %s on a CodeBuild-trusted role', (_what, action, named) => {
    const assembly = environment({
      SuiteRole: trusting({ Service: 'codebuild.amazonaws.com' }, inlinePolicy(statement(action))),
    });

    const findings = runRule(pipelineRoleRedirectsTraffic, assembly);

    expect(findings).toHaveLength(1);
    for (const name of named) expect(findings[0].message).toContain(name);
    expect(findings[0].message).toContain('which a CodeBuild build may use');
  });

  test('an action taken away by a Deny on every resource is not held', () => {
    const assembly = environment({
      Role: trusting(
        TOOLS_ACCOUNT,
        inlinePolicy(statement('elasticloadbalancing:*'), statement(TRAFFIC_WRITES.slice(), '*', 'Deny')),
      ),
    });

    expect(runRule(pipelineRoleRedirectsTraffic, assembly)).toEqual([]);
  });

  test("roles of the pipeline's own stack are not judged here (they act in the environment only through its roles)", () => {
    const tools = stack('app-pipeline', {
      account: TOOLS,
      resources: {
        Pipeline: pipeline([stage('Source', [])]),
        StepRole: trusting({ Service: 'codebuild.amazonaws.com' }, inlinePolicy(statement('route53:*'))),
      },
    });

    expect(runRule(pipelineRoleRedirectsTraffic, assemblyOf(tools))).toEqual([]);
  });
});
