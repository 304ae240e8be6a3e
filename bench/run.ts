/**
 * `npm run bench`: synth and test-suite figures, plus the lifecycle hook's and
 * `bluegreen run-task`'s. Figures, not pass/fail:
 * goals are printed beside them for the reader.
 *
 * Both synths go through the aws-cdk CLI, exactly as `npm start` does, with the tool's feature flags (a bare
 * `new App()` has other feature flags and fails). Environment:
 *   BENCH_RUNS       synth runs, median reported (default 3)
 *   BENCH_TEST_RUNS  test-suite runs (default 1)
 *   BENCH_EXAMPLE_RUNS  synth runs of each examples/*.yaml, median reported (default 1)
 *   BENCH_QUICK=1    a smoke run of the benchmark itself (test/bench/run.check.ts): one run of each
 *                    hook figure, no synth (test/e2e/cdk-synth.check.ts runs the very command the full-app
 *                    figure times, from test/support/cdk-synth-command.ts), no 15 s hanging-target run, and the
 *                    test-suite figures from one small test file.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { CDK_CLI_ENV, cdkSynthCommand } from '../test/support/cdk-synth-command';
import type { BenchFigure } from './figures';
import { benchHook } from './hook';
import { measureCommand, type CommandInDir } from './measure';
import { benchRunTask } from './run-task';

const ROOT = join(__dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : Number(process.env.BENCH_RUNS ?? 3);
const TEST_RUNS = QUICK ? 1 : Number(process.env.BENCH_TEST_RUNS ?? 1);
const EXAMPLE_RUNS = Number(process.env.BENCH_EXAMPLE_RUNS ?? 1);
/** The test file the quick mode times instead of the whole suite (timing the suite from inside it would recurse). */
const QUICK_TEST_FILE = 'test/core/render/image-detail.test.ts';
const BARE_APP = `"${process.execPath}" --import tsx ${join('bench', 'bare-pipelines-app.ts')}`;

/** An application of three services (web on an ALB with a sidecar, API on an NLB, a worker): issue 9's figure. */
const THREE_SERVICES = join('test', 'fixtures', 'three-services.yaml');

function synth(app?: string, config?: string): CommandInDir {
  return (dir) => ({
    ...cdkSynthCommand(dir, app),
    env: { ...CDK_CLI_ENV, ...(config ? { PIPELINE_CONFIG: config } : {}) },
  });
}

function synthFigures(): BenchFigure[] {
  if (QUICK) return [];
  const full = measureCommand(synth(), RUNS);
  const bare = measureCommand(synth(BARE_APP), RUNS);
  const three = measureCommand(synth(undefined, THREE_SERVICES), RUNS);
  return [
    { name: 'synth: three-service application (2 web, 1 worker)', value: three.seconds, unit: 's' },
    {
      name: 'synth: three-service / single-service wall time',
      value: three.seconds / full.seconds,
      unit: 'x',
      goal: '<= 1.3',
    },
    { name: 'synth: full app as `npm start` (CLI: policy plugins, bundling)', value: full.seconds, unit: 's' },
    { name: 'synth: full app peak RSS', value: full.peakRssMb, unit: 'MB' },
    { name: 'synth: bare CDK Pipelines app, same stacks (CLI)', value: bare.seconds, unit: 's' },
    { name: 'synth: bare app peak RSS', value: bare.peakRssMb, unit: 'MB' },
    { name: 'synth: full / bare wall time', value: full.seconds / bare.seconds, unit: 'x', goal: '<= 1.0 (issue 2)' },
    { name: 'synth: full / bare peak RSS', value: full.peakRssMb / bare.peakRssMb, unit: 'x' },
  ];
}

/** Each examples/*.yaml synthesized as CI does (scripts/check-examples.sh): the CLI with PIPELINE_CONFIG, gates on. */
function exampleFigures(): BenchFigure[] {
  if (QUICK) return [];
  const examples = readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const figures = examples.map((file) => {
    const run = measureCommand(
      (dir) => ({ ...cdkSynthCommand(dir), env: { ...CDK_CLI_ENV, PIPELINE_CONFIG: join('examples', file) } }),
      EXAMPLE_RUNS,
    );
    return { name: `  synth: examples/${file}`, value: run.seconds, unit: 's' };
  });
  const total = figures.reduce((sum, f) => sum + f.value, 0);
  return [
    {
      name: `synth: all ${examples.length} examples (CLI, one after another)`,
      value: total,
      unit: 's',
      goal: '<= 180 s (issue 13)',
    },
    ...figures,
  ];
}

interface JestResults {
  readonly success: boolean;
  readonly testResults: readonly { readonly name: string; readonly startTime: number; readonly endTime: number }[];
}

function testSuiteFigures(): BenchFigure[] {
  let files: { file: string; seconds: number }[] = [];
  const suite = measureCommand(
    (dir) => {
      mkdirSync(dir, { recursive: true });
      return {
        command: process.execPath,
        args: [
          join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
          '--silent',
          '--json',
          `--outputFile=${join(dir, 'results.json')}`,
          ...(QUICK ? ['--runTestsByPath', QUICK_TEST_FILE] : []),
        ],
      };
    },
    TEST_RUNS,
    (dir) => {
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as JestResults;
      files = results.testResults
        .map((r) => ({ file: relative(ROOT, r.name), seconds: (r.endTime - r.startTime) / 1000 }))
        .sort((a, b) => b.seconds - a.seconds);
    },
  );
  const what = QUICK ? `test file ${QUICK_TEST_FILE} (quick)` : 'test suite';
  return [
    { name: `${what}: wall time`, value: suite.seconds, unit: 's', goal: QUICK ? undefined : '<= 45 s on 2 cores' },
    { name: `${what}: peak RSS (largest process)`, value: suite.peakRssMb, unit: 'MB' },
    ...files.slice(0, 3).map((f, i) => ({ name: `  slowest file ${i + 1}: ${f.file}`, value: f.seconds, unit: 's' })),
  ];
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  const figures = [
    ...synthFigures(),
    ...exampleFigures(),
    ...testSuiteFigures(),
    ...(await benchHook({ quick: QUICK })),
    // run-task's figure waits out a real task of a few seconds: not part of the quick run.
    ...(QUICK ? [] : await benchRunTask()),
  ];
  const width = Math.max(...figures.map((f) => f.name.length));
  process.stdout.write(
    `${QUICK ? 'quick run: ' : ''}medians of ${RUNS} synth run(s) and ${TEST_RUNS} test run(s) on ${cpus().length} cores\n`,
  );
  for (const f of figures) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    process.stdout.write(
      `${f.name.padEnd(width)}  ${value.padStart(8)} ${f.unit.padEnd(3)}${f.goal ? `  goal ${f.goal}` : ''}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
