import { resolve } from 'node:path';
import { diffAssemblies, formatDiff, type StackDiff } from '../../core/diff';
import { AssemblyError, loadAssembly, type CloudAssembly } from '../../core/preflight';
import { environmentNames, findEnvironment } from '../../model/naming';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag } from '../common-flags';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

/** Exit code when some change is marked REFUSED, REPLACES or DELETES. */
export const MARKED_CHANGES = 3;

const HELP: CommandHelp = {
  command: 'diff',
  flags: {
    from: {
      type: 'string',
      value: 'DIR',
      required: true,
      help: "the cloud assembly before (e.g. the last deployed commit's cdk.out)",
    },
    to: { type: 'string', value: 'DIR', required: true, help: "the cloud assembly after (e.g. this commit's cdk.out)" },
    environment: environmentFlag(
      "only the stacks of this environment's stage (<application>-<environment>-*, in its account)",
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
The marker words are red on a terminal (unless NO_COLOR is set). Nothing is read from AWS.

Exit 0: no differences; 1: differences, none marked; ${MARKED_CHANGES}: some change is marked; 2: wrong usage, an
assembly that cannot be read, or an unknown environment (like diff(1): 0 same, 1 different, 2 trouble).`,
};

/** `bluegreen diff`: two assemblies read from disk, compared by core/diff. */
export const diff: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const before = readAssembly(context, required(flags, 'from'), '--from');
  const after = readAssembly(context, required(flags, 'to'), '--to');
  const environment = optional(flags, 'environment');
  let diffs = diffAssemblies(before, after);
  if (environment !== undefined) diffs = diffs.filter(inEnvironment(context, environment, optional(flags, 'config')));
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

/** The environment's stage stacks: named `<application>-<environment>-…`, in its account. */
function inEnvironment(context: CliContext, name: string, configFile: string | undefined): (d: StackDiff) => boolean {
  const config = context.config(configFile);
  let environment;
  try {
    environment = findEnvironment(config.environments, name);
  } catch (error) {
    throw new UsageError(`--environment: ${(error as Error).message}`);
  }
  const prefix = environmentNames(config.application, environment, config.pipeline.region).stackNamePrefix;
  return (d) => d.stackName.startsWith(prefix) && (d.account === undefined || d.account === environment.account);
}
