/**
 * Lifecycle hook figures: bundle size, cold require, the hook's overhead over its checks, and the
 * time to a Failed report for a hanging target with default settings. `npx tsx bench/hook.ts` runs
 * them alone.
 */
import { spawnSync } from 'node:child_process';
import { TargetServer, hang, json, slow, type Route } from '../test/core/checks/support/target-server';
import { bundleHook, type HookBundle } from '../test/lambdas/support/bundle-hook';
import { invokeHook, type Handler } from '../test/lambdas/support/invoke-hook';
import { median, type BenchFigure } from './figures';

const COLD_RUNS = 7;
const OVERHEAD_RUNS = 7;
/** Answer delays of the checks in the overhead run; the slowest one sets the floor. */
const CHECK_DELAYS_MS = [20, 40, 60, 80, 100, 120, 150, 200];
const EVENT = { DeploymentId: 'd-BENCH0001', LifecycleEventHookExecutionId: 'exec-bench' };

export interface HookBenchOptions {
  /** One run of each figure and no 15 s hanging-target run: a smoke test of the benchmark itself. */
  readonly quick?: boolean;
}

export async function benchHook(options: HookBenchOptions = {}): Promise<BenchFigure[]> {
  const runs = options.quick ? 1 : COLD_RUNS;
  const bundle = await bundleHook();
  try {
    const coldRequire = median(times(runs, () => requireInFreshNode(bundle.file, false)));
    const coldWithSdk = median(times(runs, () => requireInFreshNode(bundle.file, true)));
    const overhead = await measureOverhead(bundle, options.quick ? 1 : OVERHEAD_RUNS);
    const hanging: BenchFigure[] = options.quick
      ? []
      : [
          {
            name: 'hook: hanging target, defaults: time to Failed report',
            value: await measureHangingTarget(bundle),
            unit: 's',
            goal: '<= 20 s',
          },
        ];
    return [
      { name: 'hook: bundle size (SDK left to the runtime)', value: bundle.bytes / 1024, unit: 'kB', goal: '<= 50 kB' },
      {
        name: `hook: cold require of the bundle (median of ${runs})`,
        value: coldRequire,
        unit: 'ms',
        goal: '<= 50 ms',
      },
      { name: 'hook: cold require + CodeDeploy client (first report)', value: coldWithSdk, unit: 'ms' },
      {
        name: `hook: total / slowest check, ${CHECK_DELAYS_MS.length} checks, slowest ${Math.max(...CHECK_DELAYS_MS)} ms (warm median)`,
        value: overhead.warmRatio,
        unit: 'x',
        goal: '<= 1.2',
      },
      { name: 'hook: same, first invocation (loads the SDK)', value: overhead.firstRatio, unit: 'x' },
      ...hanging,
    ];
  } finally {
    bundle.dispose();
  }
}

function times(runs: number, measure: () => number): number[] {
  return Array.from({ length: runs }, measure);
}

/** Milliseconds to require the bundle (and the SDK client a report loads) in a new node process. */
function requireInFreshNode(file: string, withSdk: boolean): number {
  const script = [
    'const start = performance.now();',
    `require(${JSON.stringify(file)});`,
    withSdk ? "require('@aws-sdk/client-codedeploy');" : '',
    'process.stdout.write(String(performance.now() - start));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
  if (result.status !== 0) throw new Error(`cold require failed: ${result.stderr}`);
  return Number(result.stdout);
}

/** The hook's whole invocation against checks of known latency, divided by the slowest check's. */
async function measureOverhead(
  bundle: HookBundle,
  warmRuns: number,
): Promise<{ warmRatio: number; firstRatio: number }> {
  const routes: Record<string, Route> = {};
  for (const delay of CHECK_DELAYS_MS) routes[`/delay-${delay}`] = slow(delay, json({ service: 'sample' }));
  const target = await TargetServer.start(routes);
  const env = {
    TARGET_URL: target.url,
    CHECKS: JSON.stringify(
      CHECK_DELAYS_MS.map((delay) => ({ path: `/delay-${delay}`, jsonField: { path: 'service', equals: 'sample' } })),
    ),
    HOOK_BUDGET_MS: undefined,
  };
  const slowest = Math.max(...CHECK_DELAYS_MS);
  try {
    const handler = loadHandler(bundle.file);
    const ratios: number[] = [];
    for (let run = 0; run <= warmRuns; run++) {
      const { ms, result } = await timed(handler, env);
      if (result !== 'Succeeded') throw new Error(`overhead run ${run} did not succeed: ${String(result)}`);
      ratios.push(ms / slowest);
    }
    return { firstRatio: ratios[0], warmRatio: median(ratios.slice(1)) };
  } finally {
    await target.stop();
  }
}

async function measureHangingTarget(bundle: HookBundle): Promise<number> {
  const target = await TargetServer.start({ '/health': hang });
  try {
    const env = { TARGET_URL: target.url, CHECKS: JSON.stringify([{ path: '/health' }]), HOOK_BUDGET_MS: undefined };
    const { ms, result } = await timed(loadHandler(bundle.file), env);
    if (result !== 'Failed') throw new Error(`hanging target gave ${String(result)}, expected Failed`);
    return ms / 1000;
  } finally {
    await target.stop();
  }
}

/** One invocation against a local CodeDeploy endpoint; the time covers the handler only. */
async function timed(
  handler: Handler,
  env: Record<string, string | undefined>,
): Promise<{ ms: number; result: unknown }> {
  let ms = 0;
  const run = await invokeHook(
    async (event) => {
      const start = performance.now();
      try {
        return await handler(event);
      } finally {
        ms = performance.now() - start;
      }
    },
    EVENT,
    env,
  );
  return { ms, result: run.resolved ?? run.rejected };
}

function loadHandler(file: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is plain CommonJS built at run time
  return (require(file) as { handler: Handler }).handler;
}

if (require.main === module) {
  void benchHook().then((figures) => {
    for (const f of figures) {
      process.stdout.write(
        `${f.name.padEnd(72)} ${f.value.toFixed(2).padStart(8)} ${f.unit.padEnd(3)}${f.goal ? `  goal ${f.goal}` : ''}\n`,
      );
    }
  });
}
