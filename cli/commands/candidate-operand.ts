import { resolve } from 'node:path';
import { parseCommandArgs, type Flags } from '../args';
import { UsageError, type CliContext } from '../context';
import { commandHelp, type CommandHelp } from '../help';

/**
 * The candidate directory operand of a `handoff` subcommand and its flags, or undefined when help was asked for and
 * printed. The directory comes first, before any flag.
 */
export function candidateOperand(
  args: readonly string[],
  help: CommandHelp,
  context: CliContext,
): { readonly candidate: string; readonly flags: Flags } | undefined {
  const [dir, ...flagArgs] = args;
  if (dir === undefined || dir.startsWith('-')) {
    if (dir === '--help' || dir === '-h') {
      context.stdout(commandHelp(help));
      return undefined;
    }
    throw new UsageError(`expected the candidate directory\n${commandHelp(help)}`);
  }
  const flags = parseCommandArgs(flagArgs, help, context.stdout);
  return flags ? { candidate: resolve(context.cwd, dir), flags } : undefined;
}
