/**
 * `bluegreen run-task` figures: how long the real CLI (spawned, as a buildspec runs it) takes beyond
 * the task's own run, against a local ECS endpoint whose task stops a known time after RunTask.
 * `npx tsx bench/run-task.ts` runs them alone.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { localAwsEnv } from '../test/support/aws-json-server';
import { described, startFakeEcs } from '../test/core/run-task/support/fake-ecs';
import { stoppedTask, TARGET_ARGS, task } from '../test/core/run-task/support/fixtures';
import { median, type BenchFigure } from './figures';

const CLI = join(__dirname, '..', 'bin', 'bluegreen.js');
/** How long the fake task runs after RunTask answered: not a multiple of the poll, so it stops mid-interval. */
const TASK_MS = 2_500;
const SHORT_POLL_RUNS = 3;

interface RunTiming {
  /** From spawning the CLI to RunTask reaching the endpoint: node, tsx, the SDK, DescribeTaskDefinition. */
  readonly startupMs: number;
  /** From the task's stop to the CLI's exit: what the issue bounds by one poll interval. */
  readonly afterStopMs: number;
}

export async function benchRunTask(): Promise<BenchFigure[]> {
  const defaultPoll = await timeOneRun([]);
  const shortPolls: RunTiming[] = [];
  for (let run = 0; run < SHORT_POLL_RUNS; run++) shortPolls.push(await timeOneRun(['--poll-seconds', '1']));
  return [
    {
      name: `run-task: after the task stops until exit, default 6 s poll (${TASK_MS / 1000} s task)`,
      value: defaultPoll.afterStopMs / 1000,
      unit: 's',
      goal: '<= 6 s (1 poll interval)',
    },
    {
      name: `run-task: same, --poll-seconds 1 (median of ${SHORT_POLL_RUNS})`,
      value: median(shortPolls.map((t) => t.afterStopMs)) / 1000,
      unit: 's',
      goal: '<= 1 s (1 poll interval)',
    },
    {
      name: 'run-task: start-up, spawn to RunTask (node, tsx, SDK, DescribeTaskDefinition)',
      value: median([defaultPoll, ...shortPolls].map((t) => t.startupMs)) / 1000,
      unit: 's',
    },
  ];
}

async function timeOneRun(extraArgs: string[]): Promise<RunTiming> {
  let runTaskAt: number | undefined;
  const server = await startFakeEcs({
    runTask: () => {
      runTaskAt = performance.now();
      return { body: { tasks: [task('PROVISIONING')], failures: [] } };
    },
    describeTasks: () =>
      runTaskAt !== undefined && performance.now() - runTaskAt >= TASK_MS
        ? described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } }))
        : described(task('RUNNING')),
  });
  try {
    const spawnedAt = performance.now();
    await runCli([...TARGET_ARGS, ...extraArgs], localAwsEnv('ECS', server.url));
    const exitedAt = performance.now();
    if (runTaskAt === undefined) throw new Error('bluegreen run-task succeeded without calling RunTask');
    return { startupMs: runTaskAt - spawnedAt, afterStopMs: exitedAt - (runTaskAt + TASK_MS) };
  } finally {
    await server.stop();
  }
}

/** Spawns the CLI without blocking this process's event loop, which serves the fake endpoint; rejects unless it exits 0. */
function runCli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run-task', ...args], {
      env: { ...process.env, ...env, AWS_PROFILE: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr.slice(-2000)}`))));
  });
}

if (require.main === module) {
  void benchRunTask().then((figures) => {
    for (const f of figures) {
      process.stdout.write(
        `${f.name.padEnd(80)} ${f.value.toFixed(2).padStart(8)} ${f.unit.padEnd(3)}${f.goal ? `  goal ${f.goal}` : ''}\n`,
      );
    }
  });
}
