import {
  describeStopResult,
  formatRollbackAdvice,
  formatRunningSummary,
  getDeployment,
  getDeploymentGroup,
  newestFirst,
  runningDeployments,
  stopDeploymentWithRollback,
} from '../../core/deployments';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { confirmed, CONFIRM_TIMEOUT_MS, NOTHING_CHANGED } from './confirm';
import { rollbackToPrevious } from './rollback-to-previous';
import { codeDeployClient, environmentGroup } from './status';

const HELP: CommandHelp = {
  command: 'rollback',
  flags: {
    environment: environmentFlag(),
    service: serviceFlag('web service whose deployment group to use (default: the first web service)'),
    config: CONFIG_FLAG,
    'to-previous': {
      type: 'boolean',
      help: 'when no deployment runs: deploy the revision before the live one again, blue/green',
    },
    yes: { type: 'boolean', short: 'y', help: 'do not ask; for scripts and CI' },
  },
  description: `
Stops the running deployment of the environment's CodeDeploy group with auto-rollback
(StopDeployment autoRollbackEnabled=true): CodeDeploy sends all traffic back to the original (blue)
task set. Asks for confirmation on stdin first, unless --yes; without an answer (stdin closed, or
nothing within ${CONFIRM_TIMEOUT_MS / 1000} s) it stops nothing. When no deployment is running there is nothing to
stop: it names the live revision and the one before it, and how to deploy that one again.

With --to-previous it rolls back a finished release: when no deployment is running, it deploys the
revision that was live before the last successful deployment again (CreateDeployment of that revision's
appspec: the same task definition and hooks, with the group's alarms and deployment configuration),
after asking the same way. A running deployment is left alone: stop it with rollback first.

Exit 0: CodeDeploy accepted the stop; 1: CodeDeploy could not be asked or gave an unclear answer
(no credentials, group missing, API error); 2: wrong usage or config; ${NOTHING_CHANGED}: nothing was stopped
(no running deployment, or not confirmed; with --to-previous: a deployment is running, there is no earlier
revision, or not confirmed).`,
};

/** `bluegreen rollback`: a thin shell over core/deployments with the real CodeDeploy client and stdin. */
export const rollback: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  const ref = environmentGroup(context.config(optional(flags, 'config')), environment, optional(flags, 'service'));

  const client = codeDeployClient(ref);
  try {
    if (flags['to-previous'] === true) return await rollbackToPrevious(client, ref, context, flags.yes === true);
    const group = await getDeploymentGroup(client, ref);
    const [newest, ...others] = newestFirst(await runningDeployments(client, ref));
    if (newest?.deploymentId === undefined) {
      const lastId = group.lastSuccessfulDeployment?.deploymentId;
      const lastSuccessful = lastId ? await getDeployment(client, ref, lastId) : undefined;
      context.stdout(formatRollbackAdvice({ ref, group, lastSuccessful }));
      return NOTHING_CHANGED;
    }
    const deploymentId = newest.deploymentId;
    context.stdout(`${formatRunningSummary(newest, new Date())}\n`);
    if (others.length > 0) {
      context.stdout(
        `Also unfinished: ${others.map((d) => d.deploymentId).join(', ')} (run rollback again for them)\n`,
      );
    }
    const question = `Stop ${deploymentId} and roll ${ref.environment} back to blue?`;
    if (!(await confirmed(question, { verb: 'stop', done: 'stopped' }, context, flags.yes === true))) {
      return NOTHING_CHANGED;
    }
    const outcome = describeStopResult(
      deploymentId,
      await stopDeploymentWithRollback(client, ref, deploymentId),
      environment,
    );
    (outcome.accepted ? context.stdout : context.stderr)(outcome.text);
    return outcome.accepted ? 0 : 1;
  } finally {
    client.destroy();
  }
};
