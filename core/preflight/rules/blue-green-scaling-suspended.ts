import { RESUME_ON_STATES, DEPLOYMENT_STATE_CHANGE, SUSPEND_ON_STATE } from '../../../model/scaling-suspension';
import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, textOf, type ResourceRef } from '../template-values';

/**
 * Application Auto Scaling keeps scaling out during a deployment unless scaling is suspended, and a CodeDeploy
 * blue/green deployment is not an ECS deployment the service knows of: its scaling must be suspended when the
 * deployment starts and resumed on every way it ends. Checked for every CODE_DEPLOY service with a scalable target:
 * some EventBridge rule must send its deployment group's START and its SUCCESS, FAILURE and STOP to a target.
 */
export const blueGreenScalingSuspended: Rule = {
  id: 'blue-green-scaling-suspended',
  severity: 'error',
  title: 'CODE_DEPLOY services with autoscaling suspend it for each deployment and resume it however it ends',
  awsBehaviour:
    'Application Auto Scaling turns off scale-in while Amazon ECS deployments are in progress, but scale-out goes on ' +
    'unless suspended (RegisterScalableTarget SuspendedState); scaling that changes the desired count while CodeDeploy ' +
    'shifts traffic between task sets can fail the deployment or leave an unexpected count, and scaling suspended ' +
    'and never resumed leaves the service unable to scale.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-auto-scaling.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::ECS::Service')
        .filter((s) => asString(pathOf(s.resource.Properties.DeploymentController, 'Type')) === 'CODE_DEPLOY')
        .flatMap((service): RuleFinding[] => {
          const names = serviceNames(service);
          const scaled = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalableTarget').some(
            (t) =>
              asString(t.resource.Properties.ServiceNamespace) === 'ecs' &&
              names.some((name) => textOf(t.resource.Properties.ResourceId).endsWith(`/${name}`)),
          );
          if (!scaled) return [];
          const groups = resourcesOfType(stack, 'AWS::CodeDeploy::DeploymentGroup').filter((g) =>
            asList(g.resource.Properties.ECSServices).some((s) => names.includes(textOf(asObject(s)?.ServiceName))),
          );
          return groups.flatMap((group) => groupFindings(stack, service, group));
        }),
    ),
};

/** How templates name the service: `${LogicalId.Name}`, and its ServiceName when it has one. */
function serviceNames(service: ResourceRef): string[] {
  const literal = asString(service.resource.Properties.ServiceName);
  return [`\${${service.logicalId}.Name}`, ...(literal === undefined ? [] : [literal])];
}

function groupFindings(stack: AssemblyStack, service: ResourceRef, group: ResourceRef): RuleFinding[] {
  const groupName = textOf(group.resource.Properties.DeploymentGroupName);
  const covered = new Set(
    resourcesOfType(stack, 'AWS::Events::Rule')
      .filter((r) => asString(r.resource.Properties.State) !== 'DISABLED')
      .filter((r) => asList(r.resource.Properties.Targets).length > 0)
      .flatMap((r) => statesForGroup(r.resource.Properties.EventPattern, groupName)),
  );
  const missing = [SUSPEND_ON_STATE, ...RESUME_ON_STATES].filter((state) => !covered.has(state));
  if (missing.length === 0) return [];
  const what =
    missing.length === RESUME_ON_STATES.length + 1
      ? 'nothing suspends its scaling during a deployment'
      : missing.includes(SUSPEND_ON_STATE)
        ? `nothing suspends its scaling when a deployment starts (${SUSPEND_ON_STATE})`
        : `nothing resumes its scaling when a deployment ends with ${missing.join(', ')}`;
  return [
    {
      stack,
      logicalId: service.logicalId,
      resource: service.resource,
      severity: 'error',
      message:
        `the CODE_DEPLOY service scales (Application Auto Scaling) and deploys through group '${groupName}', but ${what}: ` +
        `send the group's '${DEPLOYMENT_STATE_CHANGE}' events with state ${SUSPEND_ON_STATE}, ` +
        `${RESUME_ON_STATES.join(', ')} to a target that suspends and resumes the scalable target (RegisterScalableTarget SuspendedState)`,
    },
  ];
}

/** The deployment states an enabled rule's pattern forwards for the group: none when it does not match the group. */
function statesForGroup(pattern: JsonValue | undefined, groupName: string): string[] {
  const sources = asList(pathOf(pattern, 'source'));
  const detailTypes = asList(pathOf(pattern, 'detail-type'));
  if (!sources.includes('aws.codedeploy')) return [];
  if (detailTypes.length > 0 && !detailTypes.includes(DEPLOYMENT_STATE_CHANGE)) return [];
  const groups = pathOf(pattern, 'detail', 'deploymentGroup');
  if (groups !== undefined && !asList(groups).some((g) => textOf(g) === groupName)) return [];
  const states = pathOf(pattern, 'detail', 'state');
  const all = [SUSPEND_ON_STATE, ...RESUME_ON_STATES];
  return states === undefined ? all : asList(states).flatMap((s) => (typeof s === 'string' ? [s] : []));
}
