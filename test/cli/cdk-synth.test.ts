import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDK_CLI_ENV, cdkSynthCommand } from '../../bench/cdk-synth-command';
import { loadAssembly, runPreflight } from '../../core/preflight';

const REPO_ROOT = join(__dirname, '..', '..');
/** Far above a synth on a loaded 2-core machine (~15 s); a hung CLI fails here instead of stalling the run. */
const CLI_TIMEOUT_MS = 120_000;

// The one test that runs the real aws-cdk CLI as `npm start` (and `npm run bench`) does: the app,
// asset bundling with the local esbuild, and the policy plugins, all offline.
describe('npx cdk synth', () => {
  let outdir: string;
  let result: SpawnSyncReturns<string>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
    const { command, args } = cdkSynthCommand(outdir);
    result = spawnSync(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...CDK_CLI_ENV },
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  }, CLI_TIMEOUT_MS + 10_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('exits 0 without credentials, within the time limit', () => {
    expect(result.error?.message).toBeUndefined();
    expect(result.stderr).not.toMatch(/Need to perform AWS calls|Unable to resolve AWS account/);
    expect(result.status).toBe(0);
  });

  test('writes the pipeline and every environment stage', () => {
    expect(existsSync(join(outdir, 'sample-pipeline.template.json'))).toBe(true);
    for (const stage of ['staging', 'prod']) {
      const assembly = join(outdir, `assembly-sample-pipeline-${stage}`);
      const templates = readdirSync(assembly).filter((f) => f.endsWith('.template.json'));
      expect(templates).toHaveLength(1);
      expect(readFileSync(join(assembly, templates[0]), 'utf8')).toContain('"AWS::ECS::Service"');
    }
  });

  test('bundles the lifecycle hook and the integration gate with esbuild into small assets', () => {
    const bundles = readdirSync(outdir)
      .filter((d) => d.startsWith('asset.'))
      .map((d) => join(outdir, d, 'index.js'))
      .filter(
        (file) => existsSync(file) && readFileSync(file, 'utf8').includes('PutLifecycleEventHookExecutionStatus'),
      );
    // The checks hook (also deployed as the smoke hook) and the integration gate, which also starts builds.
    expect(bundles).toHaveLength(2);
    expect(bundles.filter((file) => readFileSync(file, 'utf8').includes('StartBuild'))).toHaveLength(1);
    for (const bundle of bundles) {
      expect(statSync(bundle).size).toBeLessThan(50 * 1024);
      expect(readFileSync(bundle, 'utf8')).not.toMatch(/require\("zod"\)|node_modules\/zod/);
    }
  });

  test('reports cdk-nag and cfn-guard, and both conclude success', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const reports = report.pluginReports as { pluginName: string; conclusion: string }[];
    // Exactly these two: the policy tests (test/policy) synthesize with the same pair and nothing else.
    expect(reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'cdk-validator-cfnguard']);
    for (const plugin of reports) expect(plugin).toMatchObject({ conclusion: 'success' });
  });

  test('trips none of the preflight rules: AWS would accept and run what the shipped config deploys', () => {
    const report = runPreflight(loadAssembly(outdir), {
      readSourceFile: (path) => {
        const file = join(REPO_ROOT, path);
        return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      },
    });
    expect(report.stackCount).toBe(3);
    expect(report.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
