import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CODEDEPLOY_TIMEOUTS,
  foreignDeploymentProblem,
  formatDeploymentReport,
  getDeploymentTargets,
  groupRefFor,
  UnknownNameError,
  locateDeployment,
  type GroupRef,
} from '../../core/deployments';
import type { PipelineConfig } from '../../model/config';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import { UsageError } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

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
  },
  description: `
Shows the running deployment of the environment's CodeDeploy group, or the last one when none runs:
id, status, creator and times, deployment config, revision (task definition), errors and rollback,
the traffic split between the blue and green task sets, and every lifecycle event with its status
and the diagnostics of hooks that failed. Uses the SDK's standard credentials and endpoint chain
(AWS_PROFILE, AWS_ENDPOINT_URL_CODEDEPLOY, ...) in the environment's region from the config.

Exit 0: the report was printed, whatever the deployment's status (read its Status line);
1: CodeDeploy could not be asked (no credentials, group missing, API error); 2: wrong usage or config.`,
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
  const ref = environmentGroup(context.config(optional(flags, 'config')), environment, optional(flags, 'service'));

  const client = codeDeployClient(ref);
  try {
    const located = await locateDeployment(client, ref, deploymentId);
    if (deploymentId !== undefined && located.deployment !== undefined) {
      const problem = foreignDeploymentProblem(located.deployment, ref);
      if (problem !== undefined) throw new UsageError(`--deployment-id: ${problem}`);
    }
    const deployment = located.deployment?.deploymentId;
    const { targets, omitted } = deployment
      ? await getDeploymentTargets(client, ref, deployment)
      : { targets: [], omitted: 0 };
    context.stdout(formatDeploymentReport({ ref, located, targets, omittedTargets: omitted }, new Date()));
    return 0;
  } finally {
    client.destroy();
  }
};

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
