import { parseArgs } from 'node:util';
import { UsageError } from './context';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
export type Flags = Record<string, string | boolean | string[] | undefined>;

/**
 * `util.parseArgs` with its errors turned into UsageError (exit 2) and `--help` handled: returns
 * undefined after printing `help`, so the command can return 0.
 */
export function parseCommandArgs(
  args: string[],
  spec: FlagSpec,
  help: string,
  print: (t: string) => void,
): Flags | undefined {
  let values: Flags;
  try {
    values = parseArgs({ args, options: { ...spec, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${help}`);
  }
  if (values.help === true) {
    print(help);
    return undefined;
  }
  return values;
}

/** A string flag's value; `undefined` when absent. */
export function optional(flags: Flags, flag: string): string | undefined {
  const value = flags[flag];
  return typeof value === 'string' ? value : undefined;
}

/** A required string flag's value, or a UsageError naming it. */
export function required(flags: Flags, flag: string): string {
  const value = optional(flags, flag);
  if (value === undefined || value === '') throw new UsageError(`missing required option --${flag}`);
  return value;
}
