import type { FlagDef, FlagSpec } from './args';

/** Everything a command's `--help` says; the usage line and the options list come from `flags`. */
export interface CommandHelp {
  /** The words after `bluegreen`, e.g. `status` or `guardrails check`. */
  readonly command: string;
  /** Operands shown before the flags in the usage line, e.g. `[DIR]`. */
  readonly operands?: string;
  readonly flags: FlagSpec;
  /** Flags that exclude each other, shown as one choice: `[--guardrails FILE | --parameter NAME]`. */
  readonly choices?: readonly (readonly string[])[];
  /** Other ways to call the command, each shown on its own usage line after `bluegreen <command> `. */
  readonly otherForms?: readonly string[];
  /** What the command does and its exit codes, between the usage and the options. */
  readonly description: string;
}

/** Usage lines are wrapped before this column. */
const WIDTH = 110;

/** The text of `bluegreen <command> --help` (and `bluegreen help <command>`). */
export function commandHelp(help: CommandHelp): string {
  const sections = [usageLines(help), help.description.trim()];
  const flags = Object.entries(help.flags);
  if (flags.length > 0) sections.push(`options:\n${optionLines(flags)}`);
  return `${sections.join('\n\n')}\n`;
}

function usageLines(help: CommandHelp): string {
  const lines = wrap(`usage: bluegreen ${help.command} `, usageTokens(help));
  for (const form of help.otherForms ?? []) lines.push(`       bluegreen ${help.command} ${form}`);
  return lines.join('\n');
}

/** Required flags bare, the others in brackets, in declaration order; a choice where its first flag is declared. */
function usageTokens(help: CommandHelp): string[] {
  const tokens = help.operands ? [help.operands] : [];
  const shown = new Set<string>();
  for (const [name, flag] of Object.entries(help.flags)) {
    if (shown.has(name)) continue;
    const choice = help.choices?.find((c) => c.includes(name));
    if (choice) {
      tokens.push(`[${choice.map((n) => flagWithValue(n, help.flags[n])).join(' | ')}]`);
      choice.forEach((n) => shown.add(n));
      continue;
    }
    const text = flagWithValue(name, flag);
    tokens.push(flag.required ? text : `[${text}]`);
    shown.add(name);
  }
  return tokens;
}

function flagWithValue(name: string, flag: FlagDef | undefined): string {
  if (flag === undefined) throw new Error(`help: choice names the undeclared flag --${name}`);
  return flag.type === 'boolean' ? `--${name}` : `--${name} ${flag.value ?? 'VALUE'}`;
}

/** Tokens after `prefix`, wrapped before WIDTH; continuation lines start below the first token. */
function wrap(prefix: string, tokens: string[]): string[] {
  const lines: string[] = [];
  const indent = ' '.repeat(prefix.length - 1);
  let line = prefix.trimEnd();
  let tokensOnLine = 0;
  for (const token of tokens) {
    if (tokensOnLine > 0 && line.length + 1 + token.length > WIDTH) {
      lines.push(line);
      line = indent;
      tokensOnLine = 0;
    }
    line += ` ${token}`;
    tokensOnLine++;
  }
  lines.push(line);
  return lines;
}

function optionLines(flags: [string, FlagDef][]): string {
  const labels = flags.map(([name, flag]) => `${flagWithValue(name, flag)}${flag.short ? `, -${flag.short}` : ''}`);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  return flags
    .flatMap(([, flag], i) =>
      flag.help
        .trim()
        .split('\n')
        .map((text, j) => `  ${(j === 0 ? labels[i] : '').padEnd(width)}${text.trim()}`),
    )
    .join('\n');
}
