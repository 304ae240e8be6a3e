import { randomUUID } from 'node:crypto';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  checkCluster,
  checkTaskDefinition,
  commandOverride,
  DEFAULT_POLL_SECONDS,
  DEFAULT_TIMEOUT_SECONDS,
  describeServiceNetwork,
  ECS_TIMEOUTS,
  ecsTaskApi,
  environmentDefaults,
  failureReasons,
  formatResult,
  formatStarted,
  logEventsReader,
  LogTail,
  MAX_TAIL_LINES,
  MAX_POLL_SECONDS,
  MAX_TIMEOUT_SECONDS,
  parseSecurityGroups,
  parseSubnets,
  runOneTask,
  RunTaskInputError,
  tailLogsClient,
  tailStream,
  type EnvironmentDefaults,
  type RunTaskPlan,
  type LogStreamRef,
  type TaskDefinitionFacts,
  type TaskTarget,
} from '../../core/run-task';
import { sleep } from '../../core/timing';
import { optional, parseCommandArgs, type Flags } from '../args';
import type { CliContext } from '../context';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import { LiveStatus } from '../live-status';
import type { Command } from '../main';
import { waitTiming } from '../wait-timing';

const HELP: CommandHelp = {
  command: 'run-task',
  otherForms: ['--environment NAME [--service NAME] [any flag above to override]'],
  flags: {
    cluster: { type: 'string', value: 'NAME', required: true, help: 'cluster name or ARN' },
    'task-definition': {
      type: 'string',
      value: 'FAMILY[:REVISION]|ARN',
      required: true,
      help: 'FAMILY (its newest ACTIVE revision), FAMILY:REVISION or ARN',
    },
    subnets: { type: 'string', value: 'ID[,ID...]', required: true, help: 'comma-separated subnet ids (subnet-...)' },
    'security-groups': {
      type: 'string',
      value: 'ID[,ID...]',
      required: true,
      help: 'comma-separated security group ids (sg-...)',
    },
    command: {
      type: 'string',
      value: '"STRING"',
      help: `split into words like a shell would (quotes '...' and "...", backslash
escapes), without expansion: $VAR and * reach the program as written,
and unquoted | & ; < > ( ) are refused; use sh -c '...' for a shell`,
    },
    container: {
      type: 'string',
      value: 'NAME',
      help: `container that gets --command (default: the only essential container;
required when the task definition has several)`,
    },
    'timeout-seconds': {
      type: 'string',
      value: 'N',
      help: `overall wait after RunTask (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS})`,
    },
    'poll-seconds': {
      type: 'string',
      value: 'N',
      help: `pause between DescribeTasks calls (default ${DEFAULT_POLL_SECONDS}, at most ${MAX_POLL_SECONDS})`,
    },
    environment: environmentFlag(
      `take the region from the config, cluster and task definition family from the
environment's names, subnets and security groups from its service`,
      false,
    ),
    service: serviceFlag(`service whose network settings to borrow (default: the environment's service)`),
    config: CONFIG_FLAG,
    quiet: {
      type: 'boolean',
      short: 'q',
      help: 'no progress or log lines while waiting; the start and the result are still printed',
    },
  },
  description: `
Runs one Fargate task (a migration, say) to completion: in the given subnets without a public IP,
with the command override, and waits for it. Prints the task ARN at start and, at the end, each
container's exit code and where its logs are (awslogs group and stream). While it waits, stderr shows
progress: on a terminal one line redrawn in place (the task's status and the time since it started), and
a line for each change of status or problem; elsewhere (a CI log) only those lines; nothing with --quiet.
On a terminal the task's last log lines scroll above the status line: the awslogs stream
<prefix>/<container>/<task id> of the --container (else the first essential container), read with
CloudWatch Logs GetLogEvents at each poll (at most ${MAX_TAIL_LINES} lines a read; a stream not created yet is
normal). Not on a terminal, or with --quiet, no log is read: the result names each container's stream.

Exit 0: the task stopped and every essential container exited 0. 1: anything else (RunTask refused or
placed no task, the task failed to start, a container exited non-zero or was killed, the task vanished,
the timeout passed: then the task is stopped first, an AWS error); 2: wrong usage or config.`,
};

/** `bluegreen run-task`: a thin shell over core/run-task with the real ECS client, clock and sleep. */
export const runTask: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const partial = readFlags(flags, context);
  // Created here, not at import, so the SDK reads AWS_ENDPOINT_URL_ECS and the credentials as they are now.
  const client = new ECSClient({
    ...(partial.environment === undefined ? {} : { region: partial.environment.region }),
    requestHandler: ECS_TIMEOUTS,
  });
  const quiet = flags.quiet === true;
  // The live status line and the log lines above it are for a person at a terminal, never for a CI log.
  const live = !quiet && context.stderrIsTTY ? new LiveStatus(context.stderr, 'run-task') : undefined;
  const tail = live && new TaskLogTail(() => client.config.region(), partial.command?.container);
  try {
    const plan = await completePlan(partial, client);
    const result = await runOneTask(plan, {
      ecs: ecsTaskApi(client, plan.target.cluster),
      clock: Date.now,
      sleep,
      clientToken: randomUUID(),
      onStarted: (arn, definition) => {
        context.stdout(formatStarted(arn, definition));
        tail?.start(arn, definition);
        live?.start();
      },
      ...(quiet
        ? {}
        : {
            onProgress: (text: string) =>
              live ? live.note(`run-task: ${text}`) : context.stderr(`run-task: ${text}\n`),
          }),
      ...(live && tail
        ? {
            onPoll: async (status: string) => {
              live.update(status);
              for (const line of await tail.poll()) live.note(line);
            },
          }
        : {}),
    }).finally(() => live?.stop());
    // The lines the task wrote between the last read and its end.
    for (const line of (await tail?.poll()) ?? []) context.stderr(`${line}\n`);
    context.stdout(formatResult(result));
    if (!result.succeeded) context.stderr(`bluegreen run-task: ${failureReasons(result).join('; ')}\n`);
    return result.succeeded ? 0 : 1;
  } finally {
    tail?.destroy();
    client.destroy();
  }
};

/**
 * The last log lines of the task on a terminal: the stream of the container that got --command (else the
 * first essential one), read with CloudWatch Logs in the logs' region (awslogs-region, else the task's).
 */
class TaskLogTail {
  private client: CloudWatchLogsClient | undefined;
  private follow: { readonly ref: LogStreamRef; readonly account: string } | undefined;
  private tail: LogTail | undefined;

  constructor(
    private readonly taskRegion: () => Promise<string>,
    private readonly container: string | undefined,
  ) {}

  start(taskArn: string, definition: TaskDefinitionFacts): void {
    const ref = tailStream(definition, taskArn, this.container);
    // arn:aws:ecs:<region>:<account>:task/...
    if (ref !== undefined) this.follow = { ref, account: taskArn.split(':')[4] ?? "the task's account" };
  }

  async poll(): Promise<string[]> {
    if (this.follow === undefined) return [];
    if (this.tail === undefined) {
      this.client = tailLogsClient(this.follow.ref.region ?? (await this.taskRegion()));
      this.tail = new LogTail(logEventsReader(this.client), this.follow.ref, this.follow.account);
    }
    return this.tail.poll();
  }

  destroy(): void {
    this.client?.destroy();
  }
}

/** The flags checked before any AWS call; network settings may still come from the environment's service. */
interface PartialPlan extends Omit<RunTaskPlan, 'target'> {
  readonly environment?: EnvironmentDefaults;
  readonly cluster: string;
  readonly taskDefinition: string;
  readonly subnets?: string[];
  readonly securityGroups?: string[];
}

function readFlags(flags: Flags, context: CliContext): PartialPlan {
  const environmentName = optional(flags, 'environment');
  const service = optional(flags, 'service');
  if (service !== undefined && environmentName === undefined) {
    throw new RunTaskInputError('--service needs --environment (it names the service of that environment)');
  }
  const environment =
    environmentName === undefined
      ? undefined
      : environmentDefaults(context.config(optional(flags, 'config')), environmentName, service);
  const wanted = (flag: string, fallback?: string): string => {
    const value = optional(flags, flag) ?? fallback;
    if (value === undefined || value === '') throw new RunTaskInputError(`missing required option --${flag}`);
    return value;
  };
  // Without an environment there is no service to borrow the network from, so both flags are required.
  const network = (flag: string) => (environment === undefined ? wanted(flag) : optional(flags, flag));
  const subnets = network('subnets');
  const securityGroups = network('security-groups');
  const command = commandOverride(optional(flags, 'container'), optional(flags, 'command'));
  return {
    ...(environment === undefined ? {} : { environment }),
    cluster: checkCluster(wanted('cluster', environment?.cluster)),
    taskDefinition: checkTaskDefinition(wanted('task-definition', environment?.taskFamily)),
    ...(subnets === undefined ? {} : { subnets: parseSubnets(subnets) }),
    ...(securityGroups === undefined ? {} : { securityGroups: parseSecurityGroups(securityGroups) }),
    ...(command === undefined ? {} : { command }),
    timing: waitTiming(flags, {
      timeout: { default: DEFAULT_TIMEOUT_SECONDS, max: MAX_TIMEOUT_SECONDS },
      poll: { default: DEFAULT_POLL_SECONDS, max: MAX_POLL_SECONDS },
    }),
  };
}

/** Fills subnets and security groups the flags left out from the environment's service (DescribeServices). */
async function completePlan(partial: PartialPlan, client: ECSClient): Promise<RunTaskPlan> {
  let { subnets, securityGroups } = partial;
  if ((subnets === undefined || securityGroups === undefined) && partial.environment !== undefined) {
    const network = await describeServiceNetwork(client, partial.cluster, partial.environment.service);
    subnets ??= network.subnets;
    securityGroups ??= network.securityGroups;
  }
  const target: TaskTarget = {
    cluster: partial.cluster,
    taskDefinition: partial.taskDefinition,
    subnets: subnets ?? [],
    securityGroups: securityGroups ?? [],
  };
  return { target, timing: partial.timing, ...(partial.command === undefined ? {} : { command: partial.command }) };
}
