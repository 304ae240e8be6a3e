import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AssemblyError,
  formatReport,
  loadAssembly,
  reportJson,
  runPreflight,
  type RuleContext,
} from '../../core/preflight';
import { optional, parserOptions, type Flags } from '../args';
import { UsageError } from '../context';
import { commandHelp, type CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'preflight',
  operands: '[DIR]',
  flags: {
    assembly: { type: 'string', value: 'DIR', help: 'the cloud assembly directory (same as DIR; default cdk.out)' },
    'source-root': {
      type: 'string',
      value: 'DIR',
      help: 'where Dockerfiles named by image builds are read (default: the current directory)',
    },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  description: `
Reads a synthesized cloud assembly (cdk.out/ by default, nested stage assemblies included) and reports
what AWS would reject or mishandle at deploy time: errors first, then warnings. Exits 1 when there is
any error, 0 otherwise. The README's "Preflight rules" lists every rule.`,
};

/** `bluegreen preflight`: a thin shell over core/preflight. */
export const preflight: Command = async (args, context) => {
  const parsed = parse(args);
  if (parsed === undefined) {
    context.stdout(commandHelp(HELP));
    return 0;
  }
  const assemblyDir = resolve(context.cwd, parsed.assembly);
  const sourceRoot = resolve(context.cwd, parsed.sourceRoot);
  let assembly;
  try {
    assembly = loadAssembly(assemblyDir);
  } catch (error) {
    if (error instanceof AssemblyError) throw new UsageError(error.message);
    throw error;
  }
  const report = runPreflight(assembly, sourceReader(sourceRoot));
  const shown = relative(context.cwd, assemblyDir) || '.';
  context.stdout(parsed.json ? reportJson(report, shown) : formatReport(report, shown));
  return report.errorCount > 0 ? 1 : 0;
};

interface PreflightArgs {
  readonly assembly: string;
  readonly sourceRoot: string;
  readonly json: boolean;
}

/** Flags and the optional DIR; undefined for --help. The shared parser takes no positionals, so this one does. */
function parse(args: string[]): PreflightArgs | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: parserOptions(HELP.flags),
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${commandHelp(HELP)}`);
  }
  const { positionals } = parsed;
  const values = parsed.values as Flags;
  if (values.help === true) return undefined;
  const assembly = optional(values, 'assembly');
  if (positionals.length > 1)
    throw new UsageError(`expected at most one assembly directory, got ${positionals.join(' ')}`);
  if (positionals.length === 1 && assembly !== undefined && positionals[0] !== assembly) {
    throw new UsageError(`give the assembly directory once: DIR '${positionals[0]}' and --assembly '${assembly}'`);
  }
  return {
    assembly: assembly ?? positionals[0] ?? 'cdk.out',
    sourceRoot: optional(values, 'source-root') ?? '.',
    json: values.json === true,
  };
}

/** Reads files under the source root only; a path that leaves it reads as missing. */
function sourceReader(root: string): RuleContext {
  return {
    readSourceFile: (path) => {
      const file = resolve(root, path);
      const inside = relative(root, file);
      if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    },
  };
}
