import type { Readable } from 'node:stream';

/** What came back on stdin: a line, end of input before any, or nothing in time. */
export type Answer =
  { readonly kind: 'answer'; readonly text: string } | { readonly kind: 'closed' } | { readonly kind: 'timeout' };

/** A line longer than this is not an answer to a yes/no question; stop reading there. */
const MAX_ANSWER_CHARS = 1024;

/**
 * Reads one line from `stdin`, giving up after `timeoutMs` so a pipe that never closes (a CI runner's
 * stdin) cannot hold the command forever. Leaves the stream paused for whoever reads it next.
 */
export function readAnswer(stdin: Readable, timeoutMs: number): Promise<Answer> {
  if (stdin.readableEnded || stdin.destroyed) return Promise.resolve({ kind: 'closed' });
  return new Promise((resolve) => {
    let buffered = '';
    const finish = (answer: Answer) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onEnd);
      stdin.pause();
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) finish({ kind: 'answer', text: buffered.slice(0, newline) });
      else if (buffered.length > MAX_ANSWER_CHARS) finish({ kind: 'answer', text: buffered });
    };
    const onEnd = () => finish(buffered.trim() === '' ? { kind: 'closed' } : { kind: 'answer', text: buffered });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onEnd);
  });
}

/** Only an explicit y or yes (any case) confirms; everything else, including an empty line, declines. */
export function isYes(answer: Answer): boolean {
  return answer.kind === 'answer' && /^\s*(y|yes)\s*$/i.test(answer.text);
}
