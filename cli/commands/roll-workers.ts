import { ECSClient } from '@aws-sdk/client-ecs';
import { ecsRolloutApi, formatRollout, rolloutFailure, rollWorkers, workerRollout } from '../../core/roll-workers';
import { ECS_TIMEOUTS } from '../../core/run-task';
import { sleep } from '../../core/timing';
import { optional, parseCommandArgs, required } from '../args';
import { UsageError } from '../context';
import { CONFIG_FLAG, environmentFlag, environmentOfFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { waitTiming } from '../wait-timing';

const DEFAULT_TIMEOUT_SECONDS = 1800;
/** CodeBuild's longest build (8 h): the step that runs this cannot wait longer. */
const MAX_TIMEOUT_SECONDS = 8 * 3600;
const DEFAULT_POLL_SECONDS = 15;
const MAX_POLL_SECONDS = 300;

const HELP: CommandHelp = {
  command: 'roll-workers',
  flags: {
    environment: environmentFlag(),
    'task-definition': {
      type: 'string',
      multiple: true,
      value: 'ARN',
      required: true,
      help: `the revision a worker moves to (arn:…:task-definition/FAMILY:N); once per worker,
each of its own family (the stack output <Worker>TaskDefinitionArn)`,
    },
    'timeout-seconds': {
      type: 'string',
      value: 'N',
      help: `overall wait after the UpdateService calls (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS})`,
    },
    'poll-seconds': {
      type: 'string',
      value: 'N',
      help: `pause between DescribeServices reads (default ${DEFAULT_POLL_SECONDS}, at most ${MAX_POLL_SECONDS})`,
    },
    config: CONFIG_FLAG,
  },
  description: `
The pipeline's RollWorkers step, after the environment's release tasks and blue/green deployments: moves every
worker (kind: worker) of the environment to exactly the given task definition revision with ECS UpdateService
(nothing else of the service changes: a singleton still stops its old task first), side by side, then reads them with
DescribeServices until each one's PRIMARY deployment runs that revision with rolloutState COMPLETED.
The worker services name their task definition family without a revision, so the stack update registered
the revision without rolling them. Every worker of the environment needs its ARN: none is skipped.
Uses the SDK's standard credentials and endpoint chain (AWS_PROFILE, AWS_ENDPOINT_URL_ECS, ...).

Exit 0: every worker's deployment COMPLETED. 1: one FAILED (the circuit breaker or a deployment alarm rolled
it back), the PRIMARY deployment runs another revision, a rollout state roll-workers does not know, the
timeout passed (ECS goes on with the deployment), or ECS refused a call (UpdateService refused for one worker
stops the command there; the workers updated before it go on rolling); 2: wrong usage or config.`,
};

/** `bluegreen roll-workers`: a thin shell over core/roll-workers with the real ECS client, clock and sleep. */
export const rollWorkersCommand: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environmentName = required(flags, 'environment');
  const arns = Array.isArray(flags['task-definition']) ? flags['task-definition'] : [];
  if (arns.length === 0) throw new UsageError('missing required option --task-definition');
  const timing = waitTiming(flags, {
    timeout: { default: DEFAULT_TIMEOUT_SECONDS, max: MAX_TIMEOUT_SECONDS },
    poll: { default: DEFAULT_POLL_SECONDS, max: MAX_POLL_SECONDS },
  });
  const config = context.config(optional(flags, 'config'));
  environmentOfFlag(config.environments, environmentName);
  const rollout = workerRollout(config, environmentName, arns);
  if (!rollout.ok) throw new UsageError(rollout.problem);

  // Created here, not at import, so the SDK reads AWS_PROFILE / AWS_ENDPOINT_URL_ECS as they are now.
  const client = new ECSClient({ region: rollout.where.region, requestHandler: ECS_TIMEOUTS });
  try {
    const results = await rollWorkers(rollout.targets, {
      api: ecsRolloutApi(client, rollout.where),
      clock: Date.now,
      sleep,
      timing,
      onProgress: (text) => context.stderr(`roll-workers: ${text}\n`),
    });
    context.stdout(formatRollout(rollout.where.environment, results));
    const failure = rolloutFailure(results);
    if (failure !== undefined) context.stderr(`bluegreen roll-workers: ${failure}\n`);
    return failure === undefined ? 0 : 1;
  } finally {
    client.destroy();
  }
};
