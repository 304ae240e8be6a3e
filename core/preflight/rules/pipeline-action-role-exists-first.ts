import { deployedBefore, namedRoles, ROLE_ARN } from '../deploy-order';
import { pipelinesOf } from '../pipelines';
import type { Rule, RuleFinding } from '../rule';
import { textOf } from '../template-values';

/** The roles `cdk bootstrap` creates in every bootstrapped account: they exist before any pipeline. */
const BOOTSTRAP_ROLE =
  /^cdk-[a-z0-9]+-(deploy|file-publishing|image-publishing|lookup|cfn-exec)-role-\d{12}-[a-z0-9-]+$/;

/**
 * CodePipeline checks, when it creates or updates a pipeline, that the pipeline's role can assume every action's
 * role, and refuses the pipeline otherwise (InvalidStructureException: "… is not authorized to perform AssumeRole on
 * role …"); a role that does not exist yet cannot be assumed. So an action's role in another account must exist
 * before the pipeline's stack: a bootstrap role, or a role of a stack the pipeline's stack depends on, never one of an
 * environment that the pipeline itself deploys (the first deploy, and every new environment, would fail).
 */
export const pipelineActionRoleExistsFirst: Rule = {
  id: 'pipeline-action-role-exists-first',
  severity: 'error',
  title: "A pipeline's action roles exist before the pipeline",
  awsBehaviour:
    "CodePipeline assumes each action's role when it creates or updates the pipeline and refuses the pipeline when " +
    'it cannot (InvalidStructureException), so a role created later, by a stage of that pipeline, fails the deploy.',
  docUrl: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  check: (assembly) => {
    const roles = namedRoles(assembly);
    return pipelinesOf(assembly).flatMap((pipeline) => {
      const before = deployedBefore(assembly, pipeline.stack);
      return pipeline.stages.flatMap((stage) =>
        stage.actions.flatMap((action): RuleFinding[] => {
          const match = action.roleArn === undefined ? null : ROLE_ARN.exec(textOf(action.roleArn));
          // No role of its own, or a token: a role of the pipeline's own template, created before it.
          if (!match || BOOTSTRAP_ROLE.test(match[2])) return [];
          const [, account, name] = match;
          const creator = roles.find((r) => r.name === name && r.stack.environment.account === account);
          if (creator && (creator.stack === pipeline.stack || before.has(creator.stack))) return [];
          const where = `${stage.name}/${action.name}`;
          return [
            creator === undefined
              ? {
                  severity: 'warning',
                  stack: pipeline.stack,
                  logicalId: pipeline.logicalId,
                  resource: pipeline.resource,
                  message: `action ${where} runs as role ${name} of account ${account}, which no stack of this app creates: CodePipeline refuses the pipeline unless that role exists and trusts the pipeline's role before it is deployed`,
                }
              : {
                  severity: 'error',
                  stack: pipeline.stack,
                  logicalId: pipeline.logicalId,
                  resource: pipeline.resource,
                  message: `action ${where} runs as role ${name}, which stack ${creator.stack.stackName} creates, but ${pipeline.stack.stackName} is not deployed after it: CodePipeline would refuse the pipeline; create the role in a stack the pipeline's stack depends on`,
                },
          ];
        }),
      );
    });
  },
};
