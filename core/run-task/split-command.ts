import { RunTaskInputError } from './run-task-error';

/**
 * Unquoted characters a shell would treat as operators (pipes, lists, redirections, subshells). ECS
 * runs the words without a shell, so they would reach the program as plain arguments; refusing them
 * is clearer than a migration that silently runs `npm` with `&&` as an argument.
 */
const SHELL_OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Inside double quotes a backslash only escapes these, as in POSIX sh; elsewhere it stays literal. */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['\\', '"', '$', '`']);

/**
 * Splits `--command` into the words ECS passes to the container, the way a POSIX shell splits a
 * simple command: whitespace separates words, '…' keeps everything literally, "…" keeps everything
 * but backslash escapes of \ " $ `, a backslash outside quotes escapes the next character, and
 * backslash-newline joins lines. Nothing is expanded: `$HOME`, `*` and `~` reach the program as
 * written (wrap the command in `sh -c '…'` when you want a shell). Empty quotes make an empty word.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const char = command[i];
    if (WHITESPACE.has(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (char === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw unterminated('single', i, command);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      const { text, next } = readDoubleQuoted(command, i);
      word += text;
      inWord = true;
      i = next;
    } else if (char === '\\') {
      if (i + 1 >= command.length) {
        throw new RunTaskInputError(
          `--command ends with a lone backslash (escape it as \\\\ or quote it): ${JSON.stringify(command)}`,
        );
      }
      if (command[i + 1] !== '\n') {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (SHELL_OPERATORS.has(char)) {
      throw new RunTaskInputError(
        `--command has an unquoted '${char}' at character ${i + 1}, which a shell would treat as an operator; ` +
          `ECS runs the words without a shell: quote it, or run the line through a shell with sh -c '…'`,
      );
    } else {
      word += char;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The text of the double-quoted string opening at `start`, and the index after its closing quote. */
function readDoubleQuoted(command: string, start: number): { text: string; next: number } {
  let text = '';
  let i = start + 1;
  while (i < command.length) {
    const char = command[i];
    if (char === '"') return { text, next: i + 1 };
    if (char === '\\' && i + 1 < command.length) {
      const escaped = command[i + 1];
      if (ESCAPABLE_IN_DOUBLE_QUOTES.has(escaped)) text += escaped;
      else if (escaped !== '\n') text += char + escaped;
      i += 2;
    } else {
      text += char;
      i++;
    }
  }
  throw unterminated('double', start, command);
}

function unterminated(kind: 'single' | 'double', at: number, command: string): RunTaskInputError {
  return new RunTaskInputError(
    `--command has an unterminated ${kind} quote starting at character ${at + 1}: ${JSON.stringify(command)}`,
  );
}
