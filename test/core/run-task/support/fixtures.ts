/** Wire-shaped ECS answers (awsJson1_1) for run-task tests: one staging task of the shipped config. */

export const CLUSTER = 'sample-staging';
export const FAMILY = 'sample-staging';
export const TASK_DEFINITION_ARN = 'arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:7';
export const TASK_ID = '0123456789abcdef0123456789abcdef';
export const TASK_ARN = `arn:aws:ecs:eu-west-1:222222222222:task/sample-staging/${TASK_ID}`;
export const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
export const SECURITY_GROUPS = ['sg-0123456789abcdef0'];
export const LOG_GROUP = '/ecs/sample-staging';

/** The flags of a plain run: cluster, family, network. */
export const TARGET_ARGS = [
  '--cluster',
  CLUSTER,
  '--task-definition',
  FAMILY,
  '--subnets',
  SUBNETS.join(','),
  '--security-groups',
  SECURITY_GROUPS.join(','),
];

const awslogs = (prefix: string) => ({
  logDriver: 'awslogs',
  options: { 'awslogs-group': LOG_GROUP, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': prefix },
});

/** `app` is essential; the `otel` sidecar is not (ECS's default would make it essential, so it says so). */
export const TASK_DEFINITION = {
  taskDefinitionArn: TASK_DEFINITION_ARN,
  family: FAMILY,
  revision: 7,
  containerDefinitions: [
    { name: 'app', image: 'repo/app@sha256:abc', essential: true, logConfiguration: awslogs('app') },
    { name: 'otel', image: 'repo/otel:1', essential: false, logConfiguration: awslogs('otel') },
  ],
};

/** Two essential containers: `--command` then needs `--container`. */
export const TWO_ESSENTIAL_DEFINITION = {
  ...TASK_DEFINITION,
  containerDefinitions: [
    { name: 'app', essential: true, logConfiguration: awslogs('app') },
    { name: 'proxy', logConfiguration: awslogs('proxy') },
  ],
};

export interface ContainerState {
  readonly lastStatus?: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** A task as DescribeTasks (or RunTask) answers it on the wire. */
export function task(
  lastStatus: string,
  containers: Record<string, ContainerState> = { app: { lastStatus }, otel: { lastStatus } },
  stop: { stopCode?: string; stoppedReason?: string } = {},
): Record<string, unknown> {
  return {
    taskArn: TASK_ARN,
    clusterArn: `arn:aws:ecs:eu-west-1:222222222222:cluster/${CLUSTER}`,
    taskDefinitionArn: TASK_DEFINITION_ARN,
    lastStatus,
    desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    launchType: 'FARGATE',
    startedBy: 'bluegreen-run-task',
    containers: Object.entries(containers).map(([name, state]) => ({
      name,
      taskArn: TASK_ARN,
      lastStatus: state.lastStatus ?? lastStatus,
      ...(state.exitCode === undefined ? {} : { exitCode: state.exitCode }),
      ...(state.reason === undefined ? {} : { reason: state.reason }),
    })),
    ...stop,
  };
}

/** The normal end: the essential container exited and ECS stopped the task. */
export function stoppedTask(
  containers: Record<string, ContainerState>,
  stop = ESSENTIAL_EXITED,
): Record<string, unknown> {
  return task('STOPPED', containers, stop);
}

export const ESSENTIAL_EXITED = {
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
};

export const PULL_FAILURE =
  'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref repo/app@sha256:abc: not found';
