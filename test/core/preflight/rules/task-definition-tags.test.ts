import { taskDefinitionTags } from '../../../../core/preflight/rules/task-definition-tags';
import type { JsonValue } from '../../../../core/preflight/json-value';
import {
  action,
  assemblyOf,
  attachedPolicy,
  pipeline,
  role,
  runRule,
  severities,
  STAGING,
  stack,
  stage,
  statement,
} from '../harness';

const ROLE_ARN = `arn:aws:iam::${STAGING}:role/app-staging-bluegreen-action`;

function assemblyWith(actions: string[], roleArn: JsonValue = ROLE_ARN) {
  const blueGreen = action({ name: 'BlueGreen', provider: 'CodeDeployToECS', category: 'Deploy', roleArn });
  const pipelineStack = stack('app-pipeline', {
    resources: { Pipeline: pipeline([stage('staging', [blueGreen])]), PipelineRole: role() },
  });
  const support = stack('support', {
    account: STAGING,
    resources: {
      ActionRole: role({ RoleName: 'app-staging-bluegreen-action' }),
      ActionPolicy: attachedPolicy('ActionRole', statement(actions)),
    },
  });
  return assemblyOf(pipelineStack, support);
}

describe('task-definition-tags', () => {
  test.each([[['ecs:RegisterTaskDefinition', 'ecs:TagResource']], [['ecs:*']]])(
    'compliant: the action role in another stack allows %p',
    (actions) => {
      expect(runRule(taskDefinitionTags, assemblyWith(actions))).toEqual([]);
    },
  );

  test('non-compliant: RegisterTaskDefinition without TagResource is an error naming the role and its stack', () => {
    const findings = runRule(
      taskDefinitionTags,
      assemblyWith(['ecs:RegisterTaskDefinition', 'codedeploy:CreateDeployment']),
    );
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain("role 'ActionRole' (stack support)");
  });

  test('warning: a role the assembly does not define', () => {
    const findings = runRule(
      taskDefinitionTags,
      assemblyWith(['ecs:RegisterTaskDefinition'], `arn:aws:iam::${STAGING}:role/unknown`),
    );
    expect(severities(findings)).toEqual(['warning']);
  });

  test('warning: a role of the same name in another account is not the one', () => {
    const findings = runRule(
      taskDefinitionTags,
      assemblyWith(['ecs:RegisterTaskDefinition'], 'arn:aws:iam::999999999999:role/app-staging-bluegreen-action'),
    );
    expect(severities(findings)).toEqual(['warning']);
  });
});
