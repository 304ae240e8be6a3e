import { pipelineActionRoleExistsFirst } from '../../../../core/preflight/rules/pipeline-action-role-exists-first';
import type { JsonValue } from '../../../../core/preflight/json-value';
import { assemblyOf, resource, role, runRule, severities, STAGING, stack } from '../harness';

const ACTION_ROLE = `arn:aws:iam::${STAGING}:role/app-staging-cd-action`;

/** A pipeline whose one deploy action runs as `roleArn`. */
const pipelineStack = (roleArn: JsonValue, dependencies: string[] = []) =>
  stack('app-pipeline', {
    dependencies,
    resources: {
      Pipeline: resource('AWS::CodePipeline::Pipeline', {
        RoleArn: { 'Fn::GetAtt': ['PipelineRole', 'Arn'] },
        Stages: [
          {
            Name: 'staging',
            Actions: [
              {
                Name: 'BlueGreen',
                ActionTypeId: { Category: 'Deploy', Provider: 'CodeDeployToECS' },
                RoleArn: roleArn,
              },
            ],
          },
        ],
      }),
    },
  });

const creating = (id: string, assemblyPath?: string) =>
  stack(id, {
    account: STAGING,
    ...(assemblyPath ? { assemblyPath } : {}),
    resources: { ActionRole: role({ RoleName: 'app-staging-cd-action' }) },
  });

describe('pipeline-action-role-exists-first', () => {
  test("non-compliant: the action role comes with the environment's stage, which the pipeline deploys after it exists", () => {
    const findings = runRule(
      pipelineActionRoleExistsFirst,
      assemblyOf(pipelineStack(ACTION_ROLE), creating('environment', 'assembly-app-pipeline-staging')),
    );
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toBe(
      'action staging/BlueGreen runs as role app-staging-cd-action, which stack environment creates, but app-pipeline ' +
        "is not deployed after it: CodePipeline would refuse the pipeline; create the role in a stack the pipeline's stack depends on",
    );
  });

  test('compliant: the action role comes with a stack the pipeline stack depends on', () => {
    const assembly = assemblyOf(pipelineStack(ACTION_ROLE, ['app-staging-access']), creating('app-staging-access'));
    expect(runRule(pipelineActionRoleExistsFirst, assembly)).toEqual([]);
  });

  test('compliant: a CDK bootstrap role, or a role of its own template (a token)', () => {
    const bootstrap = `arn:aws:iam::${STAGING}:role/cdk-hnb659fds-deploy-role-${STAGING}-eu-west-1`;
    expect(runRule(pipelineActionRoleExistsFirst, assemblyOf(pipelineStack(bootstrap)))).toEqual([]);
    const own = { 'Fn::GetAtt': ['ActionRole', 'Arn'] };
    expect(runRule(pipelineActionRoleExistsFirst, assemblyOf(pipelineStack(own)))).toEqual([]);
  });

  test('warns about a role no stack of the app creates: whether it exists is not known here', () => {
    const findings = runRule(pipelineActionRoleExistsFirst, assemblyOf(pipelineStack(ACTION_ROLE)));
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0].message).toContain('which no stack of this app creates');
  });
});
