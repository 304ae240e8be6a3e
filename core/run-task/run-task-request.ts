import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import type { TaskTarget } from './run-task-options';

/** Marks the task in the console and in DescribeTasks as ours. */
export const STARTED_BY = 'bluegreen-run-task';

export interface RunTaskRequestInput {
  readonly target: TaskTarget;
  /** The resolved task definition ARN (not the family): the revision whose containers were read. */
  readonly taskDefinitionArn: string;
  /** Container and words of the command override, when there is one. */
  readonly command?: { readonly container: string; readonly words: readonly string[] };
  /**
   * Idempotency token: the SDK retries a throttled or dropped RunTask with the same token, so a
   * retry never starts a second migration.
   */
  readonly clientToken: string;
}

/**
 * One Fargate task in the given subnets without a public IP: a migration has no business being
 * reachable from the internet, and it reaches ECR and the database through the VPC like the service.
 */
export function runTaskRequest(input: RunTaskRequestInput): RunTaskCommandInput {
  return {
    cluster: input.target.cluster,
    taskDefinition: input.taskDefinitionArn,
    launchType: 'FARGATE',
    count: 1,
    startedBy: STARTED_BY,
    clientToken: input.clientToken,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...input.target.subnets],
        securityGroups: [...input.target.securityGroups],
        assignPublicIp: 'DISABLED',
      },
    },
    ...(input.command === undefined
      ? {}
      : {
          overrides: {
            containerOverrides: [{ name: input.command.container, command: [...input.command.words] }],
          },
        }),
  };
}
