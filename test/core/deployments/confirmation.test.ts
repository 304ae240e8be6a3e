import { PassThrough, Readable } from 'node:stream';
import { isYes, readAnswer } from '../../../core/deployments';

const LONG = 60_000;

describe('readAnswer', () => {
  test('reads the first line, across chunks', async () => {
    expect(await readAnswer(Readable.from(['y', 'es\n', 'ignored\n']), LONG)).toEqual({ kind: 'answer', text: 'yes' });
  });

  test('a last line without a newline still counts', async () => {
    expect(await readAnswer(Readable.from(['y']), LONG)).toEqual({ kind: 'answer', text: 'y' });
  });

  test('input that ends empty is closed, not an answer', async () => {
    expect(await readAnswer(Readable.from([]), LONG)).toEqual({ kind: 'closed' });
    expect(await readAnswer(Readable.from(['  ']), LONG)).toEqual({ kind: 'closed' });
  });

  test('a stream that already ended is closed at once', async () => {
    const stdin = Readable.from(['x\n']);
    stdin.resume();
    await new Promise((done) => stdin.once('end', done));
    expect(await readAnswer(stdin, LONG)).toEqual({ kind: 'closed' });
  });

  test('a pipe that stays open and silent gives up with timeout and stops listening', async () => {
    const stdin = new PassThrough();
    expect(await readAnswer(stdin, 10)).toEqual({ kind: 'timeout' });
    expect(stdin.listenerCount('data')).toBe(0);
    expect(stdin.isPaused()).toBe(true);
  });

  test('a stream error counts as no answer', async () => {
    const stdin = new PassThrough();
    const answer = readAnswer(stdin, LONG);
    stdin.emit('error', new Error('EIO'));
    expect(await answer).toEqual({ kind: 'closed' });
  });
});

describe('isYes', () => {
  test.each(['y', 'Y', 'yes', 'YES', ' yes ', 'y\r'])('%j confirms', (text) => {
    expect(isYes({ kind: 'answer', text })).toBe(true);
  });

  test.each(['', 'n', 'no', 'yep', 'y y', 'sure'])('%j declines', (text) => {
    expect(isYes({ kind: 'answer', text })).toBe(false);
  });

  test('no answer declines', () => {
    expect(isYes({ kind: 'closed' })).toBe(false);
    expect(isYes({ kind: 'timeout' })).toBe(false);
  });
});
