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
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:PublishVersion',
  'lambda:UpdateAlias',
  'lambda:CreateFunction',
  'lambda:DeleteFunction',
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
 * A task's role runs the application's image, and the integration suite's build runs the candidate's suite source:
 * code the approval names but no check reads. Neither holds the actions that would let that code report its own hooks
 * as passed, silence the alarms that roll it back, move the listeners, or start deployments, builds and tasks of its
 * own, for this release or a later approved one.
 */
export function gateTampering(stack: AssemblyStack): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::IAM::Role')
    .filter((role) => runsCandidateCode(role.resource.Properties.AssumeRolePolicyDocument))
    .flatMap((role): RuleFinding[] => {
      const statements = roleStatements(role).filter((s) => s.effect === 'Allow');
      const held = GATE_ACTIONS.filter((action) => statements.some((s) => coversAction(s, action)));
      if (held.length === 0) return [];
      return [
        errorAt(
          role,
          `role '${role.logicalId}' (of tasks or builds) may ${held.join(', ')}: the candidate's code could change ` +
            "its own deployment's gates (hooks, alarms, listeners, deployments, tasks) after the approval; grant the " +
            'task what the application uses',
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
