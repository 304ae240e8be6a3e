import { waitUntil, type Look } from '../../../core/cache-rotation/wait-until';
import { fakeTime } from './harness';

// The bounded wait on ElastiCache, on a clock that moves only when the wait sleeps.

const LIMIT = { pollMs: 5_000, timeoutMs: 12_000 };

/** Reads that wait `n` times, then are done. */
function readsDoneAfter(n: number): { look: () => Promise<Look<string>>; reads: () => number } {
  let reads = 0;
  return {
    look: async () => (++reads > n ? { done: `done at read ${reads}` } : { waiting: `read ${reads}` }),
    reads: () => reads,
  };
}

test('done at the first read: no sleep at all', async () => {
  const time = fakeTime();
  const { look } = readsDoneAfter(0);

  await expect(waitUntil(time, LIMIT, look)).resolves.toEqual({ done: 'done at read 1' });
  expect(time.slept).toEqual([]);
});

test('reads again every pollMs until done', async () => {
  const time = fakeTime();
  const { look } = readsDoneAfter(2);

  await expect(waitUntil(time, LIMIT, look)).resolves.toEqual({ done: 'done at read 3' });
  expect(time.slept).toEqual([5_000, 5_000]);
});

test('gives up at the limit, with what it last waited on; the last sleep ends at the limit', async () => {
  const time = fakeTime();
  const { look, reads } = readsDoneAfter(100);

  await expect(waitUntil(time, LIMIT, look)).resolves.toEqual({ timedOut: 'read 4' });
  expect(time.slept).toEqual([5_000, 5_000, 2_000]);
  expect(reads()).toBe(4);
});
