import { asList, pathOf } from '../json-value';
import { roleMustAllow } from '../role-must-allow';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, type ResourceRef } from '../template-values';

const roleOf = (schedule: ResourceRef) => pathOf(schedule.resource.Properties, 'Target', 'RoleArn');
const unresolved = (role: string) =>
  `the schedule's role ${role} is not in the assembly, so preflight cannot tell whether it may run the task`;

/**
 * EventBridge Scheduler calls RunTask as the schedule's execution role, and ECS refuses a Fargate task (always
 * awsvpc) without subnets. Neither fails the deployment: every run is refused and lands in the dead-letter
 * queue, or is lost without one, so they are checked here.
 */
export const scheduleEcsTarget: Rule = {
  id: 'schedule-ecs-target',
  severity: 'error',
  title: 'Schedules that run ECS tasks can run them',
  awsBehaviour:
    "EventBridge Scheduler invokes RunTask with the schedule's execution role, which needs ecs:RunTask and " +
    'iam:PassRole for the task roles (and sqs:SendMessage to its dead-letter queue); RunTask refuses an awsvpc ' +
    'task without a network configuration.',
  docUrl: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role',
  check: (assembly) => {
    const schedules = assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::Scheduler::Schedule'))
      .filter((schedule) => pathOf(schedule.resource.Properties, 'Target', 'EcsParameters') !== undefined);
    const network = schedules.flatMap((schedule): RuleFinding[] => {
      const ecs = pathOf(schedule.resource.Properties, 'Target', 'EcsParameters');
      const subnets = asList(pathOf(ecs, 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'));
      if (pathOf(ecs, 'LaunchType') !== 'FARGATE' || subnets.length > 0) return [];
      return [
        {
          severity: 'error',
          stack: schedule.stack,
          logicalId: schedule.logicalId,
          resource: schedule.resource,
          message:
            'the schedule runs a Fargate task without NetworkConfiguration.AwsvpcConfiguration.Subnets: RunTask ' +
            'refuses every run; give it the subnets and security group of the service',
        },
      ];
    });
    const runTask = roleMustAllow(assembly, {
      resources: schedules,
      roleOf,
      actions: ['ecs:RunTask', 'iam:PassRole'],
      unresolved,
      lacking: (role, missing) =>
        `the schedule's role ${role} does not allow ${missing.join(', ')}: every run is refused; allow RunTask on ` +
        'the family and PassRole on its task and execution roles',
    });
    const deadLetters = roleMustAllow(assembly, {
      resources: schedules.filter((s) => pathOf(s.resource.Properties, 'Target', 'DeadLetterConfig', 'Arn')),
      roleOf,
      actions: ['sqs:SendMessage'],
      unresolved,
      lacking: (role) =>
        `the schedule's role ${role} does not allow sqs:SendMessage: refused runs cannot reach the dead-letter queue`,
    });
    // One warning per unresolved role is enough.
    return [...network, ...runTask, ...deadLetters.filter((finding) => finding.severity === 'error')];
  },
};
