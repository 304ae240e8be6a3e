import {
  describeStopResult,
  formatRollbackAdvice,
  formatRunningSummary,
  getDeployment,
  getDeploymentGroup,
  isYes,
  newestFirst,
  readAnswer,
  runningDeployments,
  stopDeploymentWithRollback,
  type Answer,
} from '../../core/deployments';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { codeDeployClient, environmentGroup } from './status';

/** Long enough for a person to read the question; short enough that a CI job without --yes ends. */
export const CONFIRM_TIMEOUT_MS = 120_000;
/** Exit code when nothing was stopped on purpose: no running deployment, or the stop was not confirmed. */
export const NOTHING_STOPPED = 3;

const HELP: CommandHelp = {
  command: 'rollback',
  flags: {
    environment: environmentFlag(),
    service: serviceFlag('web service whose deployment group to use (default: the first web service)'),
    config: CONFIG_FLAG,
    yes: { type: 'boolean', short: 'y', help: 'do not ask; for scripts and CI' },
  },
  description: `
Stops the running deployment of the environment's CodeDeploy group with auto-rollback
(StopDeployment autoRollbackEnabled=true): CodeDeploy sends all traffic back to the original (blue)
task set. Asks for confirmation on stdin first, unless --yes; without an answer (stdin closed, or
nothing within ${CONFIRM_TIMEOUT_MS / 1000} s) it stops nothing. When no deployment is running there is nothing to
stop: it names the live revision and the one before it, and how to deploy that one again.

Exit 0: CodeDeploy accepted the stop; 1: CodeDeploy could not be asked or gave an unclear answer
(no credentials, group missing, API error); 2: wrong usage or config; ${NOTHING_STOPPED}: nothing was stopped
(no running deployment, or not confirmed).`,
};

/** `bluegreen rollback`: a thin shell over core/deployments with the real CodeDeploy client and stdin. */
export const rollback: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  const ref = environmentGroup(context.config(optional(flags, 'config')), environment, optional(flags, 'service'));

  const client = codeDeployClient(ref);
  try {
    const group = await getDeploymentGroup(client, ref);
    const [newest, ...others] = newestFirst(await runningDeployments(client, ref));
    if (newest?.deploymentId === undefined) {
      const lastId = group.lastSuccessfulDeployment?.deploymentId;
      const lastSuccessful = lastId ? await getDeployment(client, ref, lastId) : undefined;
      context.stdout(formatRollbackAdvice({ ref, group, lastSuccessful }));
      return NOTHING_STOPPED;
    }
    const deploymentId = newest.deploymentId;
    context.stdout(`${formatRunningSummary(newest, new Date())}\n`);
    if (others.length > 0) {
      context.stdout(
        `Also unfinished: ${others.map((d) => d.deploymentId).join(', ')} (run rollback again for them)\n`,
      );
    }
    if (flags.yes !== true) {
      context.stderr(`Stop ${deploymentId} and roll ${ref.environment} back to blue? [y/N] `);
      const answer = await readAnswer(context.stdin, CONFIRM_TIMEOUT_MS);
      if (!isYes(answer)) {
        context.stderr(`\n${notConfirmed(answer)}\n`);
        return NOTHING_STOPPED;
      }
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

function notConfirmed(answer: Answer): string {
  switch (answer.kind) {
    case 'closed':
      return 'No answer: stdin is closed or not interactive. Nothing was stopped; pass --yes to stop without asking.';
    case 'timeout':
      return `No answer within ${CONFIRM_TIMEOUT_MS / 1000} s. Nothing was stopped; pass --yes to stop without asking.`;
    case 'answer':
      return `Not confirmed (answered '${answer.text.trim()}'). Nothing was stopped.`;
  }
}
