import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CODEDEPLOY_TIMEOUTS, type GroupRef } from '../../core/deployments';
import {
  applyRepoint,
  ELB_TIMEOUTS,
  formatChange,
  planRepoint,
  type RepointChange,
  type RepointClients,
} from '../../core/listeners';
import { ECS_TIMEOUTS } from '../../core/run-task';
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
    config: CONFIG_FLAG,
    'dry-run': { type: 'boolean', help: 'change nothing: print what it would change' },
  },
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

Exit 0: every listener forwards to the PRIMARY task set (after the changes printed); 1: a deployment
is running, the state is unknown, or AWS could not be asked; 2: wrong usage or config;
${WOULD_CHANGE}: with --dry-run, something would change.`,
};

/** `bluegreen listeners --repoint`: a thin shell over core/listeners with the real SDK clients. */
export const listeners: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  if (flags.repoint !== true) {
    throw new UsageError('say --repoint (with --dry-run to only print what it would change)');
  }
  const environment = required(flags, 'environment');
  const config = context.config(optional(flags, 'config'));
  const web = config.services.filter((s) => s.kind === 'web');
  const refs = web.map((s) => ({ service: s.name, ref: environmentGroup(config, environment, s.name) }));
  if (refs.length === 0) {
    context.stdout(`${environment} has no web service: no listener to re-point\n`);
    return 0;
  }
  const clients = clientsFor(refs[0].ref);
  try {
    const planned: { ref: GroupRef; changes: RepointChange[] }[] = [];
    for (const { service, ref } of refs) planned.push({ ref, changes: await planRepoint(clients, service, ref) });
    const dryRun = flags['dry-run'] === true;
    for (const { ref, changes } of planned) {
      if (!dryRun) await applyRepoint(clients, ref, changes);
      for (const change of changes) context.stdout(`${formatChange(change, !dryRun)}\n`);
    }
    const changed = planned.reduce((n, p) => n + p.changes.length, 0);
    if (changed === 0) {
      context.stdout(`${environment}: every traffic listener forwards to its service's PRIMARY task set\n`);
      return 0;
    }
    return dryRun ? WOULD_CHANGE : 0;
  } finally {
    clients.codeDeploy.destroy();
    clients.ecs.destroy();
    clients.elb.destroy();
  }
};

function clientsFor(ref: GroupRef): RepointClients {
  return {
    codeDeploy: new CodeDeployClient({ region: ref.region, requestHandler: CODEDEPLOY_TIMEOUTS }),
    ecs: new ECSClient({ region: ref.region, requestHandler: ECS_TIMEOUTS }),
    elb: new ElasticLoadBalancingV2Client({ region: ref.region, requestHandler: ELB_TIMEOUTS }),
  };
}
