import { isYes, readAnswer, type Answer } from '../../core/deployments';
import type { CliContext } from '../context';

/** Long enough for a person to read the question; short enough that a CI job without --yes ends. */
export const CONFIRM_TIMEOUT_MS = 120_000;
/** Exit code when a rollback changed nothing on purpose: nothing to stop or deploy, or not confirmed. */
export const NOTHING_CHANGED = 3;

/** What a question is about: the verb of `pass --yes to <verb> without asking`, and what was not done. */
export interface Action {
  readonly verb: 'stop' | 'deploy';
  readonly done: 'stopped' | 'deployed';
}

/** Asks `question` on stderr and reads the answer from stdin, unless `yes`; says why when it is not a yes. */
export async function confirmed(question: string, action: Action, context: CliContext, yes: boolean): Promise<boolean> {
  if (yes) return true;
  context.stderr(`${question} [y/N] `);
  const answer = await readAnswer(context.stdin, CONFIRM_TIMEOUT_MS);
  if (!isYes(answer)) context.stderr(`\n${notConfirmed(answer, action)}\n`);
  return isYes(answer);
}

function notConfirmed(answer: Answer, { verb, done }: Action): string {
  switch (answer.kind) {
    case 'closed':
      return `No answer: stdin is closed or not interactive. Nothing was ${done}; pass --yes to ${verb} without asking.`;
    case 'timeout':
      return `No answer within ${CONFIRM_TIMEOUT_MS / 1000} s. Nothing was ${done}; pass --yes to ${verb} without asking.`;
    case 'answer':
      return `Not confirmed (answered '${answer.text.trim()}'). Nothing was ${done}.`;
  }
}
