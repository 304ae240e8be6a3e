import { crossAccountSelfMutation } from '../../../../core/preflight/rules/cross-account-self-mutation';
import {
  action,
  assemblyOf,
  attachedPolicy,
  pipeline,
  ref,
  getAtt,
  role,
  runRule,
  STAGING,
  stack,
  stage,
  statement,
  TOOLS,
} from '../harness';

const selfMutatingPipeline = pipeline([
  stage('Source', [action({ name: 'Source', provider: 'CodeStarSourceConnection', category: 'Source' })]),
  stage('UpdatePipeline', [
    action({ name: 'SelfMutate', provider: 'CodeBuild', configuration: { ProjectName: ref('SelfMutation') } }),
  ]),
]);

function pipelineStack(dependencies: string[], assumable = `arn:*:iam::${TOOLS}:role/*`) {
  return stack('app-pipeline', {
    dependencies,
    resources: {
      Pipeline: selfMutatingPipeline,
      SelfMutation: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: getAtt('SelfMutationRole') } },
      SelfMutationRole: role(),
      SelfMutationPolicy: attachedPolicy('SelfMutationRole', statement('sts:AssumeRole', assumable)),
    },
  });
}

const support = (account: string, dependencies: string[] = []) =>
  stack(`cross-account-support-stack-${account}`, { account, dependencies });

describe('cross-account-self-mutation', () => {
  test('compliant: the pipeline stack depends only on stacks of its own account', () => {
    const assembly = assemblyOf(pipelineStack(['helper', 'app-pipeline.assets']), stack('helper'));
    expect(runRule(crossAccountSelfMutation, assembly)).toEqual([]);
  });

  test('non-compliant: a direct dependency on a support stack in another account is an error on the pipeline', () => {
    const assembly = assemblyOf(pipelineStack([`cross-account-support-stack-${STAGING}`]), support(STAGING));
    const findings = runRule(crossAccountSelfMutation, assembly);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'cross-account-self-mutation',
        severity: 'error',
        stackName: 'app-pipeline',
        logicalId: 'Pipeline',
        constructPath: 'app/Pipeline/Resource',
      }),
    ]);
    expect(findings[0].message).toContain(`account ${STAGING}`);
  });

  test('non-compliant: a transitive dependency in another account is found through a same-account stack', () => {
    const assembly = assemblyOf(
      pipelineStack(['helper']),
      stack('helper', { dependencies: [`cross-account-support-stack-${STAGING}`] }),
      support(STAGING),
    );
    expect(runRule(crossAccountSelfMutation, assembly)).toHaveLength(1);
  });

  test('compliant: the self-mutation role may assume roles in the other account', () => {
    const assembly = assemblyOf(
      pipelineStack(
        [`cross-account-support-stack-${STAGING}`],
        `arn:aws:iam::${STAGING}:role/cdk-hnb659fds-deploy-role-${STAGING}-eu-west-1`,
      ),
      support(STAGING),
    );
    expect(runRule(crossAccountSelfMutation, assembly)).toEqual([]);
  });

  test('compliant: a pipeline without self-mutation may depend on other accounts', () => {
    const plain = stack('app-pipeline', {
      dependencies: [`cross-account-support-stack-${STAGING}`],
      resources: { Pipeline: pipeline([stage('Build', [action({ name: 'Synth', provider: 'CodeBuild' })])]) },
    });
    expect(runRule(crossAccountSelfMutation, assemblyOf(plain, support(STAGING)))).toEqual([]);
  });

  test('compliant: stacks of a nested stage assembly with the same artifact id are not dependencies', () => {
    const assembly = assemblyOf(
      pipelineStack(['helper']),
      stack('helper'),
      stack('helper', { account: STAGING, assemblyPath: 'assembly-app-staging' }),
    );
    expect(runRule(crossAccountSelfMutation, assembly)).toEqual([]);
  });
});
