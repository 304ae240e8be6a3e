import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import { coversAction, roleStatements } from '../policy';
import { errorAt, type RuleFinding } from '../rule';
import { resourcesOfType, textOf } from '../template-values';

/**
 * What changes a deployment's gates or where its traffic goes: the hook and gate functions' code and settings, the
 * rollback and bake alarms, the listeners and their rules, the target groups' members, the deployments and their
 * groups, the services outside CodeDeploy, the DNS records. The tool's own roles for these are the CodeDeploy service
 * role, the listener re-point function's and the scaling suspension's; none of them is a task role.
 */
export const GATE_ACTIONS: readonly string[] = [
  // And the hook functions' code and settings: FUNCTION_CODE_ACTIONS, which no role may hold.
  'cloudwatch:PutMetricAlarm',
  'cloudwatch:PutCompositeAlarm',
  'cloudwatch:DeleteAlarms',
  'cloudwatch:DisableAlarmActions',
  'cloudwatch:SetAlarmState',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:ModifyTargetGroup',
  'codedeploy:CreateDeployment',
  'codedeploy:RegisterApplicationRevision',
  'codedeploy:StopDeployment',
  'codedeploy:ContinueDeployment',
  'codedeploy:PutLifecycleEventHookExecutionStatus',
  'codedeploy:UpdateDeploymentGroup',
  'codedeploy:CreateDeploymentGroup',
  'codedeploy:DeleteDeploymentGroup',
  'codedeploy:CreateDeploymentConfig',
  'ecs:UpdateService',
  'ecs:CreateService',
  'ecs:DeleteService',
  'ecs:CreateTaskSet',
  'ecs:UpdateTaskSet',
  'ecs:UpdateServicePrimaryTaskSet',
  'ecs:DeleteTaskSet',
  'ecs:RegisterTaskDefinition',
  'ecs:RunTask',
  'ecs:StartTask',
  'route53:ChangeResourceRecordSets',
  'codebuild:StartBuild',
  'codebuild:UpdateProject',
  'codebuild:CreateProject',
  'application-autoscaling:RegisterScalableTarget',
  'application-autoscaling:PutScalingPolicy',
  'application-autoscaling:DeleteScalingPolicy',
];

/**
 * What replaces a function's code, or gives a function another role or runs new code with one (passing a role is
 * useless to Lambda without these): the tool's hooks, listener re-point, database and cache rotation functions are
 * judged byte for byte at Verify, and none of the tool's roles changes a function. Held by any role of a protected
 * stack (an application function's too), it would swap what Verify judged after the approval.
 */
export const FUNCTION_CODE_ACTIONS: readonly string[] = [
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:PublishVersion',
  'lambda:UpdateAlias',
  'lambda:CreateFunction',
  'lambda:DeleteFunction',
  // What else changes how, whether or by whom it runs: concurrency 0 stops it, a URL, alias, event source or
  // asynchronous destination calls it, a runtime pin runs it on another runtime.
  'lambda:PutFunctionConcurrency',
  'lambda:DeleteFunctionConcurrency',
  'lambda:PutProvisionedConcurrencyConfig',
  'lambda:PutFunctionEventInvokeConfig',
  'lambda:UpdateFunctionEventInvokeConfig',
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'lambda:CreateAlias',
  'lambda:CreateEventSourceMapping',
  'lambda:UpdateEventSourceMapping',
  'lambda:PutRuntimeManagementConfig',
  'lambda:PutFunctionRecursionConfig',
  'lambda:PutFunctionCodeSigningConfig',
  'lambda:DeleteFunctionCodeSigningConfig',
];

/**
 * A task's role runs the application's image, and the integration suite's build runs the candidate's suite source:
 * code the approval names but no check reads. Neither holds the actions that would let that code report its own hooks
 * as passed, silence the alarms that roll it back, move the listeners, or start deployments, builds and tasks of its
 * own, for this release or a later approved one. No role at all may change a function's code (FUNCTION_CODE_ACTIONS).
 */
export function gateTampering(stack: AssemblyStack): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::IAM::Role').flatMap((role): RuleFinding[] => {
    const statements = roleStatements(role).filter((s) => s.effect === 'Allow');
    const candidate = runsCandidateCode(role.resource.Properties.AssumeRolePolicyDocument);
    const actions = candidate ? [...FUNCTION_CODE_ACTIONS, ...GATE_ACTIONS] : FUNCTION_CODE_ACTIONS;
    const held = actions.filter((action) => statements.some((s) => coversAction(s, action)));
    if (held.length === 0) return [];
    return [
      errorAt(
        role,
        candidate
          ? `role '${role.logicalId}' (of tasks or builds) may ${held.join(', ')}: the candidate's code could change ` +
              "its own deployment's gates (hooks, alarms, listeners, deployments, tasks) after the approval; grant the " +
              'task what the application uses'
          : `role '${role.logicalId}' may ${held.join(', ')}: code that runs as it could replace the code of a ` +
              'function Verify judged (a hook, a rotation) or run other code with its role, after the approval; grant ' +
              'it what it uses instead',
      ),
    ];
  });
}

/** Whether a trust policy admits ECS tasks or CodeBuild (among whatever else it admits). */
function runsCandidateCode(document: JsonValue | undefined): boolean {
  return asList(asObject(document)?.Statement).some((statement) =>
    asList(asObject(asObject(statement)?.Principal)?.Service)
      .map(textOf)
      .some((service) => RUNNERS.includes(service)),
  );
}

const RUNNERS = ['ecs-tasks.amazonaws.com', 'codebuild.amazonaws.com'];
