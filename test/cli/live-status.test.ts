import { LiveStatus } from '../../cli/live-status';

const CLEAR = '\r\u001b[K';

describe('LiveStatus', () => {
  test('draws status and elapsed time in place, keeps notes above it, and erases itself at the end', () => {
    let now = 1_000;
    const written: string[] = [];
    const status = new LiveStatus(
      (t) => written.push(t),
      'run-task',
      () => now,
      60_000,
    );

    status.note('before the start: a plain line');
    status.start();
    now += 65_000;
    status.update('RUNNING');
    status.note('run-task: task RUNNING');
    status.stop();

    expect(written).toEqual([
      'before the start: a plain line\n',
      `${CLEAR}run-task: starting, 0s elapsed`,
      `${CLEAR}run-task: RUNNING, 1m 05s elapsed`,
      CLEAR,
      'run-task: task RUNNING\n',
      `${CLEAR}run-task: RUNNING, 1m 05s elapsed`,
      CLEAR,
    ]);
  });

  test('redraws by itself while nothing happens, and not after stop', () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const written: string[] = [];
      const status = new LiveStatus(
        (t) => written.push(t),
        'run-task',
        () => now,
        1_000,
      );

      status.start();
      now = 2_000;
      jest.advanceTimersByTime(2_000);
      status.stop();
      const drawn = written.length;
      jest.advanceTimersByTime(5_000);

      expect(written).toEqual([
        `${CLEAR}run-task: starting, 0s elapsed`,
        `${CLEAR}run-task: starting, 2s elapsed`,
        `${CLEAR}run-task: starting, 2s elapsed`,
        CLEAR,
      ]);
      expect(written).toHaveLength(drawn);
    } finally {
      jest.useRealTimers();
    }
  });
});
