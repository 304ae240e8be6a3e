import { resolve } from 'node:path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  cloudFormationClient,
  DeployedReadError,
  diffAssemblies,
  diffDeployed,
  formatDiff,
  readDeployedPairs,
  readDeployedTemplate,
  type StackDiff,
} from '../../core/diff';
import { AssemblyError, loadAssembly, type CloudAssembly } from '../../core/preflight';
import { environmentNames } from '../../model/naming';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, environmentOfFlag } from '../common-flags';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

/** Exit code when some change is marked REFUSED, REPLACES, DELETES, RESETS or ROLLS. */
export const MARKED_CHANGES = 3;
/** Exit code when a deployed template could not be read (no credentials, refused, throttled, unreachable). */
export const DEPLOYED_UNREADABLE = 4;

const HELP: CommandHelp = {
  command: 'diff',
  otherForms: ['--environment NAME --to DIR [--config FILE]   (against what is deployed)'],
  flags: {
    from: {
      type: 'string',
      value: 'DIR',
      help: `the cloud assembly before (e.g. the last deployed commit's cdk.out); leave it out to
compare with what is deployed (needs --environment)`,
    },
    to: { type: 'string', value: 'DIR', required: true, help: "the cloud assembly after (e.g. this commit's cdk.out)" },
    environment: environmentFlag(
      `only the stacks of this environment's stage (<application>-<environment>-*, in its account);
without --from, they are compared with the templates deployed`,
      false,
    ),
    config: CONFIG_FLAG,
  },
  description: `
Compares two synthesized cloud assemblies (nested stage assemblies included), offline: per stack (matched by
account, region and name), the resources added (+), removed (-) and changed (~) with the property paths that
changed. It marks what CloudFormation would refuse or what loses data:
  REFUSED   an update of a CODE_DEPLOY service's load balancers, network configuration, platform version, task
            definition, service registries or anything else UpdateService cannot change on such a service;
            a switch of an existing service to CODE_DEPLOY; a resource whose type changed
  REPLACES  a change of a property whose update requires replacement of a stateful resource (RDS, Aurora,
            DocumentDB, Neptune, S3, EFS, DynamoDB, ElastiCache, OpenSearch, SQS, Kinesis, log groups, secrets,
            backup vaults, ECR repositories) or of a CODE_DEPLOY service
  DELETES   a stateful resource the stack no longer has, without a DeletionPolicy that keeps it
  RESETS    a change of a listener CodeDeploy shifts traffic on: CloudFormation writes the template's rules
            (forward to blue), while after a swap the live tasks are behind green (aws-cdk issue 36649)
  ROLLS     a change of a worker's service: CloudFormation's UpdateService names the task definition family,
            so the worker starts its newest revision in the stack update, before the release task
The marker words are red on a terminal (unless NO_COLOR is set). With --from, nothing is read from AWS.

Against what is deployed (--environment NAME --to DIR, no --from): each stack of the environment in DIR is
compared with the template CloudFormation holds for it (GetTemplate, TemplateStage Original, in the stack's
region), judged the same way; a stack that does not exist yet is shown as added. Credentials come from the
SDK's standard chain (AWS_PROFILE, ...; AWS_ENDPOINT_URL_CLOUDFORMATION points it elsewhere). To read
through the environment's reader role, the CDK bootstrap's lookup role (cdk-hnb659fds-lookup-role-<account>-
<region>, ReadOnlyAccess, the role 'cdk diff' reads with), run with AWS_PROFILE set to a profile that has
role_arn = that role's ARN and a source_profile (or credential_source) allowed to assume it.

Exit 0: no differences; 1: differences, none marked; ${MARKED_CHANGES}: some change is marked; 2: wrong usage, an
assembly that cannot be read, or an unknown environment (like diff(1): 0 same, 1 different, 2 trouble);
${DEPLOYED_UNREADABLE}: a deployed template could not be read (no credentials, refused, throttled, unreachable).`,
};

/** `bluegreen diff`: two assemblies read from disk, or one beside what is deployed, compared by core/diff. */
export const diff: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const from = optional(flags, 'from');
  const environment = optional(flags, 'environment');
  const scope =
    environment === undefined ? undefined : environmentStacks(context, environment, optional(flags, 'config'));
  const to = required(flags, 'to');
  let diffs: StackDiff[];
  if (from !== undefined) {
    diffs = diffAssemblies(readAssembly(context, from, '--from'), readAssembly(context, to, '--to'));
    if (scope !== undefined) diffs = diffs.filter(scope.has);
  } else if (scope !== undefined) {
    try {
      diffs = await diffWithDeployed(context, readAssembly(context, to, '--to'), scope);
    } catch (error) {
      if (!(error instanceof DeployedReadError)) throw error;
      context.stderr(`bluegreen diff: ${error.message}\n`);
      return DEPLOYED_UNREADABLE;
    }
  } else {
    throw new UsageError(
      'missing --from DIR (two assemblies) or --environment NAME (against what is deployed): give one of them',
    );
  }
  const color = context.stdoutIsTTY && !context.env.NO_COLOR;
  context.stdout(formatDiff(diffs, color));
  if (diffs.length === 0) return 0;
  return diffs.some((d) => d.changes.some((c) => c.marks.length > 0)) ? MARKED_CHANGES : 1;
};

function readAssembly(context: CliContext, dir: string, flag: string): CloudAssembly {
  try {
    return loadAssembly(resolve(context.cwd, dir));
  } catch (error) {
    if (error instanceof AssemblyError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** The environment's stacks in `after`, each beside its deployed template (one CloudFormation client per region). */
async function diffWithDeployed(
  context: CliContext,
  after: CloudAssembly,
  scope: EnvironmentStacks,
): Promise<StackDiff[]> {
  const stacks = after.stacks.filter(scope.has);
  if (stacks.length === 0) {
    throw new UsageError(
      `--to: the assembly has no stack of environment ${scope.name} (named ${scope.prefix}*, account ` +
        `${scope.account}); synthesize this configuration first ('npx cdk synth')`,
    );
  }
  const clients = new Map<string, CloudFormationClient>();
  try {
    const pairs = await readDeployedPairs(stacks, scope, (ref) => {
      const client = clients.get(ref.region) ?? cloudFormationClient(ref.region);
      clients.set(ref.region, client);
      return readDeployedTemplate(client, ref);
    });
    const { diffs, notDeployed } = diffDeployed(pairs);
    if (notDeployed.length === stacks.length) {
      context.stderr(
        `bluegreen diff: none of the ${stacks.length} stack(s) of ${scope.name} exists in account ${scope.account} ` +
          '(CloudFormation: does not exist); a first deployment, or credentials for another account?\n',
      );
    }
    return diffs;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

/** The environment's stage stacks: named `<application>-<environment>-…`, in its account. */
interface EnvironmentStacks {
  readonly name: string;
  readonly prefix: string;
  readonly account: string;
  readonly region: string;
  readonly has: (stack: { readonly stackName: string; readonly account?: string }) => boolean;
}

function environmentStacks(context: CliContext, name: string, configFile: string | undefined): EnvironmentStacks {
  const config = context.config(configFile);
  const environment = environmentOfFlag(config.environments, name);
  const prefix = environmentNames(config.application, environment, config.pipeline.region).stackNamePrefix;
  const { account, region } = environment;
  return {
    name,
    prefix,
    account,
    region,
    has: (s) => s.stackName.startsWith(prefix) && (s.account === undefined || s.account === account),
  };
}
