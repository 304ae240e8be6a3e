import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

// `npm run bench` in its quick mode, so the benchmark cannot rot between the times someone runs it
// in full. Its full-app synth runs the command test/e2e/cdk-synth.check.ts runs.
describe('npm run bench (BENCH_QUICK=1)', () => {
  let run: SpawnSyncReturns<string>;

  beforeAll(() => {
    run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'run.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_QUICK: '1' },
      encoding: 'utf8',
      timeout: 90_000,
      killSignal: 'SIGKILL',
    });
  }, 100_000);

  test('exits 0', () => {
    expect(run.stderr).not.toContain('bench failed');
    expect(run.status).toBe(0);
  });

  test('prints the test wall time and the slowest file with their times', () => {
    expect(run.stdout).toMatch(
      /^test file test\/core\/render\/image-detail\.test\.ts \(quick\): wall time +\d+\.\d\d s/m,
    );
    expect(run.stdout).toMatch(/^ {2}slowest file 1: test\/core\/render\/image-detail\.test\.ts +\d+\.\d\d s/m);
  });

  test('prints the hook figures, with their goals', () => {
    expect(run.stdout).toMatch(/^hook: bundle size \(SDK left to the runtime\) +\d+\.\d\d kB +goal <= 50 kB$/m);
    expect(run.stdout).toMatch(/^hook: total \/ slowest check, .* +\d+\.\d\d x +goal <= 1\.2$/m);
  });
});
