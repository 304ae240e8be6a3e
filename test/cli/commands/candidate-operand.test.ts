import { runCli } from '../../support/in-process-cli';

// The candidate directory comes first in `handoff verify` and `handoff scan`; both read it the same way.
describe.each(['verify', 'scan'])('bluegreen handoff %s', (sub) => {
  test('without the directory: a usage error that says what is expected, with the usage', async () => {
    const run = await runCli(['handoff', sub], { cwd: __dirname });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^bluegreen handoff: expected the candidate directory\\n.*handoff ${sub} DIR`),
    );
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await runCli(['handoff', sub, '--help'], { cwd: __dirname });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`handoff ${sub} DIR`);
  });
});
