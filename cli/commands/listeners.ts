import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CODEDEPLOY_TIMEOUTS, type GroupRef } from '../../core/deployments';
import {
  ELB_TIMEOUTS,
  formatChange,
  INVOKE_TIMEOUTS,
  invokeRepoint,
  repointEnvironment,
  type RepointClients,
  type RepointTarget,
} from '../../core/listeners';
import { ECS_TIMEOUTS } from '../../core/run-task';
import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment } from '../../model/naming';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag } from '../common-flags';
import { UsageError } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { environmentGroup } from './status';

/** Exit code of --dry-run when a listener would be changed. */
export const WOULD_CHANGE = 3;

const HELP: CommandHelp = {
  command: 'listeners',
  flags: {
    repoint: {
      type: 'boolean',
      required: true,
      help: "point every traffic listener at the PRIMARY task set's target group",
    },
    environment: environmentFlag(),
    invoke: {
      type: 'boolean',
      help: "have the environment's listener re-point function do it (what the pipeline runs)",
    },
    config: CONFIG_FLAG,
    'dry-run': { type: 'boolean', help: 'change nothing: print what it would change (not with --invoke)' },
  },
  choices: [['invoke', 'dry-run']],
  description: `
After a CloudFormation update of an environment: a stack update that touches a listener CodeDeploy
shifts traffic on (certificate, domain, SSL policy) writes the template's actions, which forward to the
target group of the first deployment, while after every other swap the live tasks stand behind the
other one (aws-cdk#36649). For each web service's deployment group, when none of its deployments runs
(ListDeployments: Created, Queued, InProgress, Baking, Ready), it reads the target group of the ECS
service's PRIMARY task set (DescribeServices) and makes the production and test listeners' default
actions and every listener rule that forwards to the group's target groups forward to it
(ModifyListener, ModifyRule), one line per change. Everything is read before anything changes; a
running deployment or a state it cannot judge (no or two PRIMARY task sets, a listener forwarding to
a target group of neither colour) changes nothing. Uses the SDK's standard credentials and endpoint
chain (AWS_PROFILE, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, ...) in the environment's region.

With --invoke it changes nothing itself: it invokes the environment's function
<application>-<environment>-listener-repoint (Lambda Invoke, no payload; AWS_ENDPOINT_URL_LAMBDA),
which does the same for exactly the listeners and target groups its stack deployed it with, and
prints its lines, or fails with its one-line error. The pipeline's RepointListeners step runs this,
through a role that may invoke that function and nothing else.

Exit 0: every listener forwards to the PRIMARY task set (after the changes printed); 1: a deployment
is running, the state is unknown, or AWS could not be asked; 2: wrong usage or config;
${WOULD_CHANGE}: with --dry-run, something would change.`,
};

/** `bluegreen listeners --repoint [--invoke]`: a thin shell over core/listeners with the real SDK clients. */
export const listeners: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  if (flags.repoint !== true) {
    throw new UsageError('say --repoint (with --dry-run to only print what it would change)');
  }
  const dryRun = flags['dry-run'] === true;
  if (dryRun && flags.invoke === true) {
    throw new UsageError(
      '--invoke and --dry-run exclude each other: the function takes no input, so it cannot be asked to change ' +
        'nothing; run --dry-run without --invoke, with credentials that may read the listeners',
    );
  }
  const environment = required(flags, 'environment');
  const config = context.config(optional(flags, 'config'));
  const refs = config.services
    .filter((s) => s.kind === 'web')
    .map((s) => ({ service: s.name, ref: environmentGroup(config, environment, s.name) }));
  if (refs.length === 0) {
    context.stdout(`${environment} has no web service: no listener to re-point\n`);
    return 0;
  }
  const print = (line: string) => context.stdout(`${line}\n`);
  let lines: string[];
  if (flags.invoke === true) {
    lines = await invokeFunction(config, refs[0].ref);
    lines.forEach(print);
  } else {
    lines = await repointHere(refs, dryRun, print);
  }
  if (lines.length === 0) {
    context.stdout(`${environment}: every traffic listener forwards to its service's PRIMARY task set\n`);
    return 0;
  }
  return dryRun ? WOULD_CHANGE : 0;
};

/** The day-2 path: ELB called directly with the caller's own credentials; prints each service's changes as they land. */
async function repointHere(
  targets: readonly RepointTarget[],
  dryRun: boolean,
  print: (line: string) => void,
): Promise<string[]> {
  const clients = clientsFor(targets[0].ref);
  try {
    const changes = await repointEnvironment(clients, targets, {
      dryRun,
      onChanges: (done) => done.forEach((change) => print(formatChange(change, !dryRun))),
    });
    return changes.map((change) => formatChange(change, !dryRun));
  } finally {
    clients.codeDeploy.destroy();
    clients.ecs.destroy();
    clients.elb.destroy();
  }
}

/** The pipeline's path: the environment's own function does it; this only invokes it. */
async function invokeFunction(config: PipelineConfig, ref: GroupRef): Promise<string[]> {
  const environment = findEnvironment(config.environments, ref.environment);
  const { listenerRepointFunction } = environmentNames(config.application, environment, config.pipeline.region);
  const client = new LambdaClient({ region: ref.region, requestHandler: INVOKE_TIMEOUTS });
  try {
    return await invokeRepoint(client, listenerRepointFunction, ref);
  } finally {
    client.destroy();
  }
}

function clientsFor(ref: GroupRef): RepointClients {
  return {
    codeDeploy: new CodeDeployClient({ region: ref.region, requestHandler: CODEDEPLOY_TIMEOUTS }),
    ecs: new ECSClient({ region: ref.region, requestHandler: ECS_TIMEOUTS }),
    elb: new ElasticLoadBalancingV2Client({ region: ref.region, requestHandler: ELB_TIMEOUTS }),
  };
}
