import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CODEDEPLOY_TIMEOUTS,
  deploymentPhase,
  describeWorkerServices,
  foreignDeploymentProblem,
  formatWorkerRollouts,
  workersOf,
  formatDeploymentReport,
  getDeploymentTargets,
  groupRefFor,
  UnknownNameError,
  locateDeployment,
  type GroupRef,
} from '../../core/deployments';
import { formatJobRuns, jobsOf, recentJobRuns, type JobRef } from '../../core/jobs';
import { ECS_TIMEOUTS } from '../../core/run-task';
import type { PipelineConfig } from '../../model/config';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import { UsageError } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

/** Exit code of --watch when the deployment it watched failed or was stopped. */
export const WATCHED_NOT_SUCCEEDED = 3;
const DEFAULT_INTERVAL_S = 10;
/** Longer than CodeDeploy lets an ECS deployment wait for traffic rerouting and hooks: nothing watches forever. */
const MAX_WATCH_HOURS = 3;
/** Moves to the top left of the terminal and clears it, so each report replaces the last. */
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

const HELP: CommandHelp = {
  command: 'status',
  flags: {
    environment: environmentFlag(
      `environment from the config (application <application>-<environment>,
      deployment group <application>-<environment>-bluegreen)`,
    ),
    service: serviceFlag('web service whose deployment group to use (default: the first web service)'),
    config: CONFIG_FLAG,
    'deployment-id': { type: 'string', value: 'ID', help: 'show this deployment (d-XXXXXXXXX) of the group instead' },
    watch: { type: 'boolean', short: 'w', help: 'redraw the report until the deployment ends' },
    interval: {
      type: 'string',
      value: 'SECONDS',
      help: `seconds between two reports with --watch (default ${DEFAULT_INTERVAL_S}, at least 1)`,
    },
  },
  description: `
Shows the running deployment of the environment's CodeDeploy group, or the last one when none runs:
id, status, creator and times, deployment config, revision (task definition), errors and rollback,
the traffic split between the blue and green task sets, and every lifecycle event with its status
and the diagnostics of hooks that failed. Then each worker's ECS service (DescribeServices on the
environment's cluster): its deployments (PRIMARY rolling in) with rollout state, task counts and failed
tasks, and whether the deployment circuit breaker is on and rolls back. Then each scheduled job: its
schedule and the runs ECS still lists (about the last hour: running, or stopped with each container's exit
code; a non-zero exit is a failed run). Uses the SDK's standard credentials and endpoint chain
(AWS_PROFILE, AWS_ENDPOINT_URL_CODEDEPLOY, ...) in the environment's region from the config.

With --watch it reads the same deployment again every --interval seconds and redraws the report (on a
terminal in place; otherwise one report after another) until the deployment ends, at most ${MAX_WATCH_HOURS} hours.

Exit 0: the report was printed, whatever the deployment's status (read its Status line), or with --watch:
the deployment succeeded; 1: CodeDeploy could not be asked (no credentials, group missing, API error), or with
--watch: a status this tool does not know, or still running after ${MAX_WATCH_HOURS} hours; 2: wrong usage or config;
${WATCHED_NOT_SUCCEEDED}: with --watch, the deployment failed or was stopped.`,
};

const DEPLOYMENT_ID = /^d-[A-Z0-9]+$/;

/** `bluegreen status`: a thin shell over core/deployments with the real CodeDeploy client and clock. */
export const status: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  const deploymentId = optional(flags, 'deployment-id');
  if (deploymentId !== undefined && !DEPLOYMENT_ID.test(deploymentId)) {
    throw new UsageError(
      `--deployment-id must be a CodeDeploy deployment id such as d-A1B2C3D4E, got '${deploymentId}'`,
    );
  }
  const config = context.config(optional(flags, 'config'));
  const ref = environmentGroup(config, environment, optional(flags, 'service'));
  // A report of one chosen deployment is about that deployment only: no workers, no jobs.
  const workers = deploymentId === undefined ? workersOf(config, environment) : undefined;
  const jobs = workers ? jobsOf(config, environment) : [];

  const watch = flags.watch === true;
  const intervalMs = intervalSecondsOf(optional(flags, 'interval')) * 1000;
  const client = codeDeployClient(ref);
  const startedAt = Date.now();
  try {
    let watched = deploymentId;
    for (let round = 0; ; round++) {
      const located = await locateDeployment(client, ref, watched);
      if (watched !== undefined && located.deployment !== undefined) {
        const problem = foreignDeploymentProblem(located.deployment, ref);
        if (problem !== undefined) throw new UsageError(`--deployment-id: ${problem}`);
      }
      const deployment = located.deployment?.deploymentId;
      const { targets, omitted } = deployment
        ? await getDeploymentTargets(client, ref, deployment)
        : { targets: [], omitted: 0 };
      const report = formatDeploymentReport({ ref, located, targets, omittedTargets: omitted }, new Date());
      const workerReport = workers && workers.services.length > 0 ? `\n${await workerRollouts(workers)}` : '';
      const jobReport = workers && jobs.length > 0 ? `\n${await jobRuns(workers.where, jobs)}` : '';
      context.stdout(`${round > 0 && context.stdoutIsTTY ? CLEAR_SCREEN : ''}${report}${workerReport}${jobReport}`);
      if (!watch || deployment === undefined) return 0;
      const status = located.deployment?.status;
      const phase = deploymentPhase(status);
      if (phase === 'finished') return status === 'Succeeded' ? 0 : WATCHED_NOT_SUCCEEDED;
      if (phase === 'unknown') {
        context.stderr(
          `status --watch: CodeDeploy reports status '${status}', which this tool does not know; stopped watching.\n`,
        );
        return 1;
      }
      if (Date.now() - startedAt > MAX_WATCH_HOURS * 3_600_000) {
        context.stderr(
          `status --watch: ${deployment} is still ${status} after ${MAX_WATCH_HOURS} hours; stopped watching.\n`,
        );
        return 1;
      }
      watched = deployment;
      await sleep(intervalMs);
      if (!context.stdoutIsTTY) context.stdout('\n');
    }
  } finally {
    client.destroy();
  }
};

async function workerRollouts({ where, services }: ReturnType<typeof workersOf>): Promise<string> {
  const client = new ECSClient({ region: where.region, requestHandler: ECS_TIMEOUTS });
  try {
    const described = await describeWorkerServices(client, where, services);
    return formatWorkerRollouts(services, described.services, described.failures);
  } finally {
    client.destroy();
  }
}

async function jobRuns(where: ReturnType<typeof workersOf>['where'], jobs: JobRef[]): Promise<string> {
  const client = new ECSClient({ region: where.region, requestHandler: ECS_TIMEOUTS });
  try {
    return formatJobRuns(jobs, await recentJobRuns(client, where, jobs));
  } finally {
    client.destroy();
  }
}

function intervalSecondsOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_INTERVAL_S;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new UsageError(`--interval must be a whole number of seconds from 1 to 3600, got '${text}'`);
  }
  return seconds;
}

/** The deployment group of `--environment` (and `--service`); an unknown name is a usage error naming its flag and the configured ones. */
export function environmentGroup(config: PipelineConfig, environment: string, service?: string): GroupRef {
  try {
    return groupRefFor(config, environment, service);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new UsageError(`--${error.option}: ${error.message}`);
    throw error;
  }
}

/**
 * Created per run, not at import, so the SDK reads AWS_ENDPOINT_URL_CODEDEPLOY and the credentials as
 * they are now. The region is the environment's: its deployment group lives there.
 */
export function codeDeployClient(ref: GroupRef): CodeDeployClient {
  return new CodeDeployClient({ region: ref.region, requestHandler: CODEDEPLOY_TIMEOUTS });
}
