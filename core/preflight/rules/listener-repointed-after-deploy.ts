import type { AssemblyStack } from '../assembly-model';
import { buildSpecCommands, readBuildSpec } from '../buildspec';
import { REPOINT_ENVIRONMENT } from '../../../model/lambda-contracts';
import { asList, asObject, asString, pathOf } from '../json-value';
import { pipelinesOf, type PipelineAction, type PipelineRef, type PipelineStage } from '../pipelines';
import type { Rule, RuleFinding } from '../rule';
import { refTarget, resourcesOfType } from '../template-values';

/**
 * A command that has the environment's re-point function point the traffic listeners at the PRIMARY task set
 * (`bluegreen listeners --repoint --invoke`). Without --invoke the step would call Elastic Load Balancing itself, with
 * write permissions no pipeline role may hold (pipeline-role-redirects-traffic).
 */
function invokesRepoint(command: string): boolean {
  const says = (pattern: RegExp) => pattern.test(command);
  return says(/\bbluegreen listeners\b/) && says(/--repoint\b/) && says(/--invoke\b/) && !says(/--dry-run\b/);
}

/** A CodeBuild action that deploys stacks with the CDK CLI (the release pipeline's Deploy). */
const CDK_DEPLOY = /\bcdk deploy\b/;

/**
 * After a CodeDeploy ECS blue/green swap the traffic listeners forward to the target group CodeDeploy swapped in,
 * while the template still names the original one; a stack update that touches such a listener writes the
 * template's actions back, and production forwards to a target group without tasks (aws-cdk#36649). So every
 * pipeline action that deploys a stack with an ECS blue/green deployment group must be followed, in the same stage
 * and before the stage's CodeDeploy actions, by a step that has the stack's listener re-point function (which the
 * stack must hold) point the listeners back at the PRIMARY task set.
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
      projectCommands(pipeline, action).some(invokesRepoint),
  );
  const targets = [...new Set(deploys.map((d) => d.target))];
  const withoutFunction = targets.filter((target) => !hasRepointFunction(target));
  const functionFindings = withoutFunction.map((target): RuleFinding => ({
    stack: target,
    severity: 'error',
    message:
      `${target.stackName} holds an ECS blue/green deployment group but no listener re-point function (a Lambda ` +
      `function with the ${REPOINT_ENVIRONMENT.services} variable): the pipeline's re-point step has nothing to ` +
      'invoke after the update. Deploy the environment with the ListenerRepointFunction construct',
  }));
  if (repointed) return functionFindings;
  const stacks = targets.map((t) => t.stackName).join(', ');
  return [
    ...functionFindings,
    {
      stack: pipeline.stack,
      logicalId: pipeline.logicalId,
      resource: pipeline.resource,
      severity: 'error',
      message:
        `stage '${stage.name}' updates ${stacks}, which holds an ECS blue/green deployment group, and nothing points ` +
        'its traffic listeners back at the PRIMARY task set after the update and before the blue/green actions: ' +
        'after a swap, an update of a listener resets production to a target group without tasks (aws-cdk#36649). ' +
        "Add a step that runs 'bluegreen listeners --repoint --invoke' between them (a step that calls Elastic Load " +
        'Balancing itself would need write permissions that could send production anywhere)',
    },
  ];
}

/** The stack deploys the environment's re-point function: a Lambda function told which services it re-points. */
function hasRepointFunction(stack: AssemblyStack): boolean {
  return resourcesOfType(stack, 'AWS::Lambda::Function').some(
    (fn) => pathOf(fn.resource.Properties.Environment, 'Variables', REPOINT_ENVIRONMENT.services) !== undefined,
  );
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
