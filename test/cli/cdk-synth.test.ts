import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAssembly, runPreflight } from '../../core/preflight';
import { REPO_ROOT } from '../support/synth';

// The one test that runs the real aws-cdk CLI as `npm start` does: the app, asset bundling with the
// local esbuild, and the policy plugins, all offline.
describe('npx cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--quiet', '-o', outdir],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
      encoding: 'utf8',
    },
  );

  test('exits 0 without credentials', () => {
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

  test('bundles the lifecycle hook with esbuild into a small asset that exports the handler', () => {
    const bundles = readdirSync(outdir)
      .filter((d) => d.startsWith('asset.'))
      .map((d) => join(outdir, d, 'index.js'))
      .filter(
        (file) => existsSync(file) && readFileSync(file, 'utf8').includes('PutLifecycleEventHookExecutionStatus'),
      );
    expect(bundles).toHaveLength(1);
    expect(statSync(bundles[0]).size).toBeLessThan(50 * 1024);
    expect(readFileSync(bundles[0], 'utf8')).not.toMatch(/require\("zod"\)|node_modules\/zod/);
  });

  test('passes the policy gates: every plugin report concludes success', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const reports = report.pluginReports as { pluginName: string; conclusion: string }[];
    expect(reports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/AwsSolutions/i), expect.stringMatching(/guard/i)]),
    );
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
