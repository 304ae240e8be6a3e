import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';
import { createRequire } from 'node:module';
import { checkAssemblySchemas } from '../../core/handoff/assembly-schema';
import { candidateTrustProblems } from '../../core/handoff/candidate-trust';
import type { ReleasePrincipals } from '../../core/preflight/trust';
import { packCandidate, verifyCandidate } from '../../core/handoff/candidate';
import { exportLines, type StackOutputs } from '../../core/handoff/stack-outputs';
import { optional, parseCommandArgs, required, type Flags } from '../args';
import { UsageError } from '../context';
import { commandHelp, type CommandHelp } from '../help';
import type { Command } from '../main';
import { candidateOperand } from './candidate-operand';
import { HANDOFF_MATCH_HELP, handoffMatch } from './handoff-match';
import { HANDOFF_SCAN_HELP, handoffScan } from './handoff-scan';

const PACK_HELP: CommandHelp = {
  command: 'handoff pack',
  flags: {
    assembly: { type: 'string', value: 'DIR', required: true, help: 'the synthesized cloud assembly (cdk.out)' },
    stage: {
      type: 'string',
      value: 'ENV=DIR',
      multiple: true,
      help: 'a protected environment and its nested assembly directory (repeat per environment)',
    },
    image: {
      type: 'string',
      value: 'SERVICE=DIR',
      multiple: true,
      help: "a service and its scan gate's output (imageDetail.json, by digest); repeat per service",
    },
    include: {
      type: 'string',
      value: 'PATH=FROM',
      multiple: true,
      help: 'a file or directory copied into the candidate at PATH (configuration, frontend build, suite source)',
    },
    commit: { type: 'string', value: 'SHA', required: true, help: 'the commit the candidate was built from' },
    'review-url': { type: 'string', value: 'URL', help: 'where the approver can see the candidate running' },
    out: { type: 'string', value: 'DIR', required: true, help: 'the directory the candidate is written to' },
  },
  description: `
Writes the candidate the delivery pipeline hands to the release pipeline: the protected environments' nested
assemblies and their file assets, the images by digest, the included files, manifest.json and SHA256SUMS.
Prints the candidate's hash (the SHA-256 of SHA256SUMS).`,
};

const VERIFY_HELP: CommandHelp = {
  command: 'handoff verify',
  operands: 'DIR',
  flags: {
    hash: { type: 'string', value: 'SHA256', help: 'fail unless the candidate is exactly this one' },
    'release-account': {
      type: 'string',
      value: 'ACCOUNT',
      help: "the release stack's account: with --release-roles, also judge every trust and resource policy",
    },
    'secret-accounts': {
      type: 'string',
      value: 'ACCOUNT,…',
      help: "with --release-account: the accounts besides each environment's own whose secrets a task may read",
    },
    'release-roles': {
      type: 'string',
      value: 'NAME,…',
      help: 'the role names the release stack owns, the only principals of --release-account a template may trust',
    },
  },
  description: `
Recomputes every file's SHA-256 in a candidate and fails (exit 1) on any file added, removed or changed since it
was packed, or on a hash other than --hash, or when a nested assembly's cloud assembly schema is newer than this
tool reads. With --release-account and --release-roles (the release pipeline's Verify step passes its own stack's),
also fails on any grant in the candidate's templates to a principal other than an AWS service, the stack's own
account or one of those roles (preflight rule protected-trust-release-only). Prints the hash, the commit and the
images.`,
};

const EXPORTS_HELP: CommandHelp = {
  command: 'handoff exports',
  flags: {
    outputs: { type: 'string', value: 'FILE', required: true, help: "the file 'cdk deploy --outputs-file' wrote" },
    output: {
      type: 'string',
      value: 'NAME=STACK.OUTPUT',
      multiple: true,
      help: 'a shell variable and the stack output it takes (repeat per output)',
    },
  },
  description: `
Prints one 'export NAME=value' line per --output, for the release pipeline's Deploy step to export as CodeBuild
variables. Fails (exit 1) on an output the deployment did not produce.`,
};

/** `bluegreen handoff pack|verify|scan|match|exports`: the two ends of the hand-off (core/handoff). */
export const handoff: Command = async (args, context) => {
  const [sub, ...rest] = args;
  if (sub === 'pack') {
    const flags = parseCommandArgs(rest, PACK_HELP, context.stdout);
    if (!flags) return 0;
    const hash = packCandidate({
      assemblyDir: resolve(context.cwd, required(flags, 'assembly')),
      imageDirs: pairs(flags, 'image', (dir) => resolve(context.cwd, dir)),
      extra: pairs(flags, 'include', (from) => resolve(context.cwd, from)),
      manifest: {
        commit: required(flags, 'commit'),
        assemblies: pairs(flags, 'stage', (dir) => dir),
        reviewUrl: optional(flags, 'review-url') || undefined,
      },
      outDir: resolve(context.cwd, required(flags, 'out')),
    });
    context.stdout(`${hash}\n`);
    return 0;
  }
  if (sub === 'verify') {
    const operand = candidateOperand(rest, VERIFY_HELP, context);
    if (!operand) return 0;
    const { candidate, flags } = operand;
    const { hash, manifest } = verifyCandidate(candidate, optional(flags, 'hash'));
    checkAssemblySchemas(candidate, manifest, readableAssemblySchema());
    const release = releasePrincipals(flags);
    const refused = release === undefined ? [] : candidateTrustProblems(candidate, release);
    if (refused.length > 0) {
      throw new Error(
        `the candidate grants to principals outside its account and the release pipeline:\n${refused.join('\n')}`,
      );
    }
    const images = Object.entries(manifest.images).map(([service, image]) => `${service} ${image}`);
    context.stdout(`hash ${hash}\ncommit ${manifest.commit}\n${images.map((i) => `image ${i}`).join('\n')}\n`);
    return 0;
  }
  if (sub === 'scan') return handoffScan(rest, context);
  if (sub === 'match') return handoffMatch(rest, context);
  if (sub === 'exports') {
    const flags = parseCommandArgs(rest, EXPORTS_HELP, context.stdout);
    if (!flags) return 0;
    const file = resolve(context.cwd, required(flags, 'outputs'));
    const outputs = JSON.parse(readFileSync(file, 'utf8')) as StackOutputs;
    context.stdout(
      exportLines(
        outputs,
        pairs(flags, 'output', (path) => path),
      ),
    );
    return 0;
  }
  if (sub === '--help' || sub === '-h') {
    context.stdout(
      [PACK_HELP, VERIFY_HELP, HANDOFF_SCAN_HELP, HANDOFF_MATCH_HELP, EXPORTS_HELP].map(commandHelp).join('\n'),
    );
    return 0;
  }
  throw new UsageError(
    `expected 'handoff pack', 'handoff verify', 'handoff scan', 'handoff match' or 'handoff exports', got '${sub ?? ''}'`,
  );
};

/** The release stack's principals from --release-account and --release-roles (both or neither). */
function releasePrincipals(flags: Flags): ReleasePrincipals | undefined {
  const account = optional(flags, 'release-account');
  const roles = optional(flags, 'release-roles');
  if (account === undefined && roles === undefined) return undefined;
  if (account === undefined || roles === undefined)
    throw new UsageError('give --release-account and --release-roles together');
  if (!/^\d{12}$/.test(account))
    throw new UsageError(`--release-account must be a 12-digit account id, got '${account}'`);
  const roleNames = roles.split(',').filter(Boolean);
  if (roleNames.length === 0) throw new UsageError('--release-roles must name at least one role');
  const secretAccounts = (optional(flags, 'secret-accounts') ?? '').split(',').filter(Boolean);
  const bad = secretAccounts.find((a) => !/^\d{12}$/.test(a));
  if (bad !== undefined) throw new UsageError(`--secret-accounts must list 12-digit account ids, got '${bad}'`);
  return { account, roleNames: new Set(roleNames), secretAccounts: new Set(secretAccounts) };
}

/** `--flag KEY=VALUE` given several times, as a record. */
function pairs(flags: Flags, flag: string, value: (v: string) => string): Record<string, string> {
  const given = flags[flag];
  const list = Array.isArray(given) ? given : [];
  return Object.fromEntries(
    list.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new UsageError(`--${flag} takes KEY=VALUE, got '${pair}'`);
      return [pair.slice(0, at), value(pair.slice(at + 1))];
    }),
  );
}

/**
 * The newest cloud assembly schema this tool can deploy: the lower of the one its aws-cdk-lib writes and the one its
 * CDK CLI (which Deploy runs) reads, the CLI's own copy of @aws-cdk/cloud-assembly-schema.
 */
function readableAssemblySchema(): string {
  const fromCli = createRequire(require.resolve('aws-cdk/package.json'))('@aws-cdk/cloud-assembly-schema') as {
    Manifest: { version(): string };
  };
  const [library, cli] = [Manifest.version(), fromCli.Manifest.version()];
  return Number(library.split('.')[0]) <= Number(cli.split('.')[0]) ? library : cli;
}
