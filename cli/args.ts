import { parseArgs } from 'node:util';
import { AWS_REGIONS } from '../model/aws-regions';
import { UsageError } from './context';
import { commandHelp, type CommandHelp } from './help';

/**
 * One flag, declared once: how it parses (`type`, `short`, `multiple`) and how the help shows it
 * (`value`, `required`, `help`). The usage line and the options list are generated from these.
 */
export interface FlagDef {
  readonly type: 'string' | 'boolean';
  /** One-letter alias, e.g. `e` for `-e`. */
  readonly short?: string;
  /** May be given several times; the value is then a list. */
  readonly multiple?: boolean;
  /** Placeholder of a string flag's value in the help, e.g. `NAME`. @default - `VALUE` */
  readonly value?: string;
  /**
   * Shown without brackets in the usage line. The command still checks it (with `required()`): some
   * flags are required only in one form of a command.
   */
  readonly required?: boolean;
  /** What the flag does; later lines continue the first one in the options list. */
  readonly help: string;
}

export type FlagSpec = Record<string, FlagDef>;
export type Flags = Record<string, string | boolean | string[] | undefined>;

/**
 * `util.parseArgs` with its errors turned into UsageError (exit 2) and `--help` handled: returns
 * undefined after printing the command's help, so the command can return 0.
 */
export function parseCommandArgs(args: string[], help: CommandHelp, print: (t: string) => void): Flags | undefined {
  const text = commandHelp(help);
  let values: Flags;
  try {
    // Multiple booleans are never declared, so a list is always of strings.
    values = parseArgs({ args, options: parserOptions(help.flags), strict: true }).values as Flags;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${text}`);
  }
  if (values.help === true) {
    print(text);
    return undefined;
  }
  return values;
}

type ParserOption = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

/** The declarations as `util.parseArgs` takes them, plus `--help, -h`. */
export function parserOptions(flags: FlagSpec): Record<string, ParserOption> {
  const options: Record<string, ParserOption> = {};
  for (const [name, { type, short, multiple }] of Object.entries(flags)) {
    options[name] = { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) };
  }
  return { ...options, help: { type: 'boolean', short: 'h' } };
}

/** A string flag's value; `undefined` when absent. */
export function optional(flags: Flags, flag: string): string | undefined {
  const value = flags[flag];
  return typeof value === 'string' ? value : undefined;
}

/** The `--region` flag's value, when given: an AWS region, or a UsageError naming the flag. */
export function optionalRegion(flags: Flags): string | undefined {
  const region = optional(flags, 'region');
  if (region !== undefined && !AWS_REGIONS.includes(region)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1, got '${region}'`);
  }
  return region;
}

/** A required string flag's value, or a UsageError naming it. */
export function required(flags: Flags, flag: string): string {
  const value = optional(flags, flag);
  if (value === undefined || value === '') throw new UsageError(`missing required option --${flag}`);
  return value;
}
