/**
 * `npm run bench`: synth and test-suite figures, plus the lifecycle hook's and `bluegreen run-task`'s.
 * Figures, not pass/fail: goals are printed beside them for the reader.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure } from './figures';
import { benchHook } from './hook';
import { measureCommand } from './measure';
import { benchRunTask } from './run-task';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? 1);

function synthFigures(): BenchFigure[] {
  const node = process.execPath;
  const full = measureCommand(node, ['--import', 'tsx', join(ROOT, 'pipeline', 'main.ts')], RUNS);
  const bare = measureCommand(node, ['--import', 'tsx', join(ROOT, 'bench', 'bare-pipelines-app.ts')], RUNS);
  return [
    { name: 'synth: full app (policy plugins, bundling)', value: full.seconds, unit: 's' },
    { name: 'synth: full app peak RSS', value: full.peakRssMb, unit: 'MB' },
    { name: 'synth: bare CDK Pipelines app, same stacks', value: bare.seconds, unit: 's' },
    { name: 'synth: bare app peak RSS', value: bare.peakRssMb, unit: 'MB' },
    { name: 'synth: full / bare wall time', value: full.seconds / bare.seconds, unit: 'x', goal: '<= 1.0 (issue 2)' },
    { name: 'synth: full / bare peak RSS', value: full.peakRssMb / bare.peakRssMb, unit: 'x' },
  ];
}

function testSuiteFigures(): BenchFigure[] {
  const suite = measureCommand(
    process.execPath,
    [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--silent'],
    TEST_RUNS,
  );
  return [
    { name: 'test suite wall time', value: suite.seconds, unit: 's', goal: '< 60 s' },
    { name: 'test suite peak RSS (largest process)', value: suite.peakRssMb, unit: 'MB' },
  ];
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  const figures = [...synthFigures(), ...testSuiteFigures(), ...(await benchHook()), ...(await benchRunTask())];
  const width = Math.max(...figures.map((f) => f.name.length));
  process.stdout.write(`medians of ${RUNS} synth run(s) and ${TEST_RUNS} test run(s) on ${cpus().length} cores\n`);
  for (const f of figures) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    process.stdout.write(
      `${f.name.padEnd(width)}  ${value.padStart(8)} ${f.unit.padEnd(3)}${f.goal ? `  goal ${f.goal}` : ''}\n`,
    );
  }
}

void main();
