import { actionRole, actionRoleArn, pipelinesOf } from '../pipelines';
import { allowsAction, roleStatements } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { textOf } from '../template-values';

/** The role of a CodeDeployToECS action registers the task definition; with tags that needs ecs:TagResource too. */
export const taskDefinitionTags: Rule = {
  id: 'task-definition-tags',
  severity: 'error',
  title: 'CodeDeployToECS roles may tag the task definitions they register',
  awsBehaviour:
    'RegisterTaskDefinition with tags also authorizes ecs:TagResource; a role allowed only ecs:RegisterTaskDefinition ' +
    'gets AccessDenied as soon as the rendered task definition carries tags.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html',
  check: (assembly) =>
    pipelinesOf(assembly).flatMap((pipeline) =>
      pipeline.stages
        .flatMap((stage) => stage.actions)
        .filter((action) => action.provider === 'CodeDeployToECS')
        .flatMap((action): RuleFinding[] => {
          const where = { stack: pipeline.stack, logicalId: pipeline.logicalId, resource: pipeline.resource };
          const role = actionRole(assembly, pipeline, action);
          if (role === undefined) {
            return [
              {
                ...where,
                severity: 'warning',
                message:
                  `cannot check action '${action.name}': its role '${textOf(actionRoleArn(pipeline, action))}' is not ` +
                  'defined in the assembly; it needs ecs:TagResource with ecs:RegisterTaskDefinition',
              },
            ];
          }
          const statements = roleStatements(role);
          if (!allowsAction(statements, 'ecs:RegisterTaskDefinition') || allowsAction(statements, 'ecs:TagResource')) {
            return [];
          }
          return [
            {
              ...where,
              severity: 'error',
              message:
                `action '${action.name}' registers task definitions with role '${role.logicalId}' (stack ` +
                `${role.stack.stackName}), which is not allowed ecs:TagResource: grant it (condition ` +
                'ecs:CreateAction = RegisterTaskDefinition) or drop the tags when rendering',
            },
          ];
        }),
    ),
};
