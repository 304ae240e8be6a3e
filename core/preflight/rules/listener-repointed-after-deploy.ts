import type { AssemblyStack } from '../assembly-model';
import { buildSpecCommands, readBuildSpec } from '../buildspec';
import { asList, asObject, asString, pathOf } from '../json-value';
import { pipelinesOf, type PipelineAction, type PipelineRef, type PipelineStage } from '../pipelines';
import type { Rule, RuleFinding } from '../rule';
import { refTarget, resourcesOfType } from '../template-values';

/** A command that points the traffic listeners at the PRIMARY task set (`bluegreen listeners --repoint`), for real. */
const REPOINTS = /\bbluegreen listeners\b(?![^\n]*--dry-run)[^\n]*--repoint\b/;
/** A CodeBuild action that deploys stacks with the CDK CLI (the release pipeline's Deploy). */
const CDK_DEPLOY = /\bcdk deploy\b/;

/**
 * After a CodeDeploy ECS blue/green swap the traffic listeners forward to the target group CodeDeploy swapped in,
 * while the template still names the original one; a stack update that touches such a listener writes the
 * template's actions back, and production forwards to a target group without tasks (aws-cdk#36649). So every
 * pipeline action that deploys a stack with an ECS blue/green deployment group must be followed, in the same stage
 * and before the stage's CodeDeploy actions, by a step that points the listeners back at the PRIMARY task set.
 */
export const listenerRepointedAfterDeploy: Rule = {
  id: 'listener-repointed-after-deploy',
  severity: 'error',
  title: 'A pipeline that updates a stack with an ECS blue/green deployment group re-points its listeners after it',
  awsBehaviour:
    'CodeDeploy moves the production and test listeners to the replacement target group at every ECS blue/green ' +
    'deployment, outside CloudFormation; a later stack update that changes such a listener (certificate, SSL ' +
    'policy) writes the template’s actions, which name the original target group, so production forwards to a ' +
    'target group with no tasks until the next deployment (aws-cdk#36649).',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html',
  check: (assembly) => {
    const blueGreen = assembly.stacks.filter(hasEcsBlueGreenGroup);
    if (blueGreen.length === 0) return [];
    return pipelinesOf(assembly).flatMap((pipeline) =>
      pipeline.stages.flatMap((stage) => stageFindings(pipeline, stage, blueGreen)),
    );
  },
};

function hasEcsBlueGreenGroup(stack: AssemblyStack): boolean {
  return resourcesOfType(stack, 'AWS::CodeDeploy::DeploymentGroup').some(
    (group) =>
      asString(pathOf(group.resource.Properties.DeploymentStyle, 'DeploymentType')) === 'BLUE_GREEN' &&
      asList(group.resource.Properties.ECSServices).length > 0,
  );
}

function stageFindings(
  pipeline: PipelineRef,
  stage: PipelineStage,
  blueGreen: readonly AssemblyStack[],
): RuleFinding[] {
  const deploys = blueGreen.flatMap((target) =>
    stage.actions.filter((action) => deploysStack(pipeline, action, target)).map((action) => ({ target, action })),
  );
  if (deploys.length === 0) return [];
  const lastDeploy = Math.max(...deploys.map((d) => d.action.runOrder));
  const firstBlueGreen = Math.min(
    ...stage.actions.filter((a) => a.provider === 'CodeDeployToECS').map((a) => a.runOrder),
    Number.POSITIVE_INFINITY,
  );
  const repointed = stage.actions.some(
    (action) =>
      action.runOrder > lastDeploy &&
      action.runOrder < firstBlueGreen &&
      projectCommands(pipeline, action).some((command) => REPOINTS.test(command)),
  );
  if (repointed) return [];
  const stacks = [...new Set(deploys.map((d) => d.target.stackName))].join(', ');
  return [
    {
      stack: pipeline.stack,
      logicalId: pipeline.logicalId,
      resource: pipeline.resource,
      severity: 'error',
      message:
        `stage '${stage.name}' updates ${stacks}, which holds an ECS blue/green deployment group, and nothing points ` +
        'its traffic listeners back at the PRIMARY task set after the update and before the blue/green actions: ' +
        'after a swap, an update of a listener resets production to a target group without tasks (aws-cdk#36649). ' +
        "Add a step that runs 'bluegreen listeners --repoint' between them",
    },
  ];
}

/** A CloudFormation action on the stack's name, or a CodeBuild `cdk deploy` of the stack's nested assembly. */
function deploysStack(pipeline: PipelineRef, action: PipelineAction, target: AssemblyStack): boolean {
  if (action.provider === 'CloudFormation') return asString(action.configuration.StackName) === target.stackName;
  if (action.provider !== 'CodeBuild') return false;
  if (!projectCommands(pipeline, action).some((command) => CDK_DEPLOY.test(command))) return false;
  const variables = asList(pathOf(projectOf(pipeline, action)?.Properties, 'Environment', 'EnvironmentVariables'));
  const assemblyDir = variables.map(asObject).find((v) => asString(v?.Name) === 'ASSEMBLY');
  return target.assemblyPath !== '' && asString(assemblyDir?.Value) === target.assemblyPath;
}

function projectOf(pipeline: PipelineRef, action: PipelineAction) {
  const logicalId = refTarget(action.configuration.ProjectName);
  return logicalId === undefined ? undefined : pipeline.stack.template.Resources?.[logicalId];
}

/** The commands of a CodeBuild action's inline buildspec; none for another provider or a buildspec file. */
function projectCommands(pipeline: PipelineRef, action: PipelineAction): string[] {
  if (action.provider !== 'CodeBuild') return [];
  const spec = readBuildSpec(projectOf(pipeline, action)?.Properties.Source);
  return spec.kind === 'inline' ? buildSpecCommands(spec.spec) : [];
}
