import { AwsJsonServer, type OperationHandler, type OperationReply } from '../../../support/aws-json-server';
import { TASK_DEFINITION, task } from './fixtures';

export interface FakeEcsScript {
  /** DescribeTaskDefinition's taskDefinition; the two-container fixture by default. */
  readonly taskDefinition?: Record<string, unknown>;
  /** RunTask's answer; one PROVISIONING task by default. */
  readonly runTask?: OperationHandler;
  /** DescribeTasks answers in order, the last one repeating; or a handler of its own. */
  readonly describeTasks?: readonly OperationReply[] | OperationHandler;
  readonly describeServices?: OperationHandler;
  /** StopTask's answer; accepted by default. */
  readonly stopTask?: OperationHandler;
}

/** `{ tasks: [task] }` as DescribeTasks answers it. */
export const described = (t: Record<string, unknown>): OperationReply => ({ body: { tasks: [t], failures: [] } });

export const throttled: OperationReply = { status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' };

/** A local ECS endpoint answering the calls run-task makes, scripted per test. */
export function startFakeEcs(script: FakeEcsScript): Promise<AwsJsonServer> {
  const answers = script.describeTasks ?? [];
  const describeTasks: OperationHandler =
    typeof answers === 'function' ? answers : (_input, index) => answers[Math.min(index, answers.length - 1)];
  const handlers: Record<string, OperationHandler> = {
    DescribeTaskDefinition: () => ({ body: { taskDefinition: script.taskDefinition ?? TASK_DEFINITION } }),
    RunTask: script.runTask ?? (() => ({ body: { tasks: [task('PROVISIONING')], failures: [] } })),
    DescribeTasks: describeTasks,
    StopTask: script.stopTask ?? (() => ({ body: { task: task('STOPPING') } })),
  };
  if (script.describeServices) handlers.DescribeServices = script.describeServices;
  return AwsJsonServer.start(handlers);
}
