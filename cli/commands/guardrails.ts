import { resolve } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  checkAssembly,
  checkGuardrails,
  compareGuardrails,
  guardrailsParameterName,
  GuardrailsUnavailable,
  parseGuardrails,
  readGuardrailsParameter,
  renderVerdict,
  type Guardrails,
} from '../../core/guardrails';
import { ConfigError } from '../../model/config/config-error';
import { resolveConfigPath } from '../../model/config/config-path';
import { optional, optionalRegion, parseCommandArgs } from '../args';
import { UsageError, type CliContext } from '../context';
import { CONFIG_FLAG } from '../common-flags';
import { commandHelp, type CommandHelp } from '../help';
import type { Command } from '../main';
import { publish } from './guardrails-publish';
import { display, parameterName, readGuardrailsFile, resolveSsmRegion } from './guardrails-files';

/** The tool's example guardrails file: the format, and a start for the platform team's own. */
const EXAMPLE_FILE = 'guardrails.example.yaml';

const HELP: CommandHelp = {
  command: 'guardrails check',
  choices: [['guardrails', 'parameter']],
  flags: {
    config: CONFIG_FLAG,
    guardrails: {
      type: 'string',
      value: 'FILE',
      help: `read the minimums from FILE, offline (the format of ${EXAMPLE_FILE})`,
    },
    parameter: {
      type: 'string',
      value: 'NAME',
      help: `read the minimums from this SSM parameter (default: the config's
guardrails.parameterName, else /bluegreen/<application>/guardrails)`,
    },
    proposed: {
      type: 'string',
      value: 'FILE',
      help: 'proposed guardrails, which must not be weaker than the minimums (default: not compared)',
    },
    assembly: {
      type: 'string',
      value: 'DIR',
      multiple: true,
      help: `also judge the synthesized cloud assembly in DIR (cdk.out, or a stage's nested assembly; repeat per
assembly): every action that can act in a protected account comes after a manual approval, and its
stage has a deployment window; every stack in a protected account rolls out in steps, rolls back on
alarms within the thresholds and runs enough checks`,
    },
    region: {
      type: 'string',
      value: 'REGION',
      help: `region of the parameter (default: the SDK's chain, AWS_REGION or the profile; when that
yields none, the config's pipeline.region, where the pipeline lives)`,
    },
  },
  description: `
Checks the configuration against the gate minimums (guardrails): which environments need an approval
and a deployment window, which scan severities must block, whether scan.onlyFixable may be used, how
long an allowlist entry may live. Protected environments are those in guardrails.protectedAccounts,
whatever their name. With --parameter (the default) the minimums come from the SSM parameter, which
the platform team publishes (bluegreen guardrails publish); with --assembly the synthesized pipeline
and the protected stacks are judged too, so a change in pipeline code, stack code or an entry point
cannot get past the check. Exit 0: every gate holds; 1: a gate is weaker (one line each), or the parameter could not be read; 2: wrong
usage, or a configuration or guardrails file that is not valid.`,
};

/** `bluegreen guardrails <subcommand>`: `check` (the pipeline's gate) or `publish` (the platform team's write). */
export const guardrails: Command = async (args, context) => {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h') {
    context.stdout(commandHelp(HELP));
    return 0;
  }
  if (subcommand === 'publish') return publish(rest, context);
  if (subcommand !== 'check') {
    const got = subcommand === undefined ? 'no subcommand' : `unknown subcommand '${subcommand}'`;
    throw new UsageError(`${got} (allowed: check, publish)\n${commandHelp(HELP)}`);
  }
  return check(rest, context);
};

async function check(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const file = optional(flags, 'guardrails');
  const parameterFlag = optional(flags, 'parameter');
  if (file !== undefined && parameterFlag !== undefined) {
    throw new UsageError('give either --guardrails FILE or --parameter NAME, not both');
  }
  const region = optionalRegion(flags);
  if (region !== undefined && file !== undefined) throw new UsageError('--region applies only to --parameter');
  const configFlag = optional(flags, 'config');
  const config = context.config(configFlag);
  const configName = display(context.cwd, resolveConfigPath(configFlag ?? context.env.PIPELINE_CONFIG, context.cwd));
  const proposedFlag = optional(flags, 'proposed');

  // The proposed file is read first, so a broken one is a usage mistake even when AWS is unreachable.
  const proposedPath = proposedFlag === undefined ? undefined : resolve(context.cwd, proposedFlag);
  const proposed = proposedPath === undefined ? undefined : readGuardrailsFile(proposedPath);
  const assemblies = flags.assembly;
  const assemblyDirs = Array.isArray(assemblies) ? assemblies : [];

  const { live, against } =
    file !== undefined
      ? readLiveFile(resolve(context.cwd, file), context.cwd)
      : await readParameter(
          parameterName(parameterFlag ?? guardrailsParameterName(config)),
          region ?? (await resolveSsmRegion(config.pipeline.region)),
          context,
        );

  const weakened = checkGuardrails(config, live, new Date());
  context.stdout(renderVerdict(configName, against, weakened));
  const weaker = proposed === undefined ? [] : compareGuardrails(proposed, live);
  if (proposedPath !== undefined) context.stdout(renderVerdict(display(context.cwd, proposedPath), against, weaker));
  // A version 1 document already failed the config above, with how to migrate.
  let synthesized = 0;
  for (const assembly of assemblyDirs) {
    if (live.version !== 2) break;
    const violations = checkAssembly(resolve(context.cwd, assembly), live);
    context.stdout(renderVerdict(`the cloud assembly ${assembly}`, against, violations));
    synthesized += violations.length;
  }
  return weakened.length === 0 && weaker.length === 0 && synthesized === 0 ? 0 : 1;
}

interface LiveGuardrails {
  readonly live: Guardrails;
  /** How the source is named in the report. */
  readonly against: string;
}

function readLiveFile(path: string, cwd: string): LiveGuardrails {
  return { live: readGuardrailsFile(path), against: display(cwd, path) };
}

async function readParameter(name: string, region: string, context: CliContext): Promise<LiveGuardrails> {
  context.stderr(`guardrails: reading SSM parameter ${name} in ${region}\n`);
  // Created here, not at import, so the SDK reads AWS_REGION / AWS_ENDPOINT_URL_SSM as they are now.
  const client = new SSMClient({ region });
  let text;
  try {
    text = await readGuardrailsParameter(client, name);
  } finally {
    client.destroy();
  }
  const against = `SSM parameter ${name}${text.version === undefined ? '' : ` (version ${text.version})`}`;
  try {
    return { live: parseGuardrails(text.value, against), against };
  } catch (error) {
    // A parameter that holds no valid guardrails is no usage mistake: fail closed with exit 1.
    if (error instanceof ConfigError) throw new GuardrailsUnavailable(error.message);
    throw error;
  }
}
