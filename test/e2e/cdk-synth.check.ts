import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssembly, runPreflight } from '../../core/preflight';
import { CLI_TIMEOUT_MS, cliSynthesized, type CliSynthesis } from '../support/cli-synth';
import { REPO_ROOT, threeEnvironmentsYaml } from '../support/configs';

// The real aws-cdk CLI as `npm start` (and `npm run bench`) runs it: the app, asset bundling with the local
// esbuild, and the policy plugins, all offline. Its configuration is the shipped one plus a dev environment
// in another account and region (threeEnvironments in support/configs.ts), so the assembly holds every kind
// of stack the shipped one has and a cross-region support stack; test/e2e/app-policy.check.ts judges the
// policy reports of the same run. CI runs `npm start` on the shipped configuration itself (.ci/run).
// A policy check (jest.checks.config.js, `npm run test:checks`), not part of `npm test`: the CLI with
// cfn-guard and CDK's own validation costs about half the suite's CPU. CI runs it on every commit.
describe('npx cdk synth', () => {
  let synth: CliSynthesis;
  beforeAll(() => {
    synth = cliSynthesized(threeEnvironmentsYaml());
  }, CLI_TIMEOUT_MS + 10_000);

  test('exits 0 without credentials, within the time limit', () => {
    expect(synth.error).toBeUndefined();
    expect(synth.stderr).not.toMatch(/Need to perform AWS calls|Unable to resolve AWS account/);
    expect({ status: synth.status, stderr: synth.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  });

  test('writes the pipeline, the release pipeline and every environment stage', () => {
    expect(existsSync(join(synth.outdir, 'sample-pipeline.template.json'))).toBe(true);
    expect(existsSync(join(synth.outdir, 'sample-release.template.json'))).toBe(true);
    for (const stage of ['dev', 'staging', 'prod']) {
      const assembly = join(synth.outdir, `assembly-sample-pipeline-${stage}`);
      const templates = readdirSync(assembly).filter((f) => f.endsWith('.template.json'));
      expect(templates).toHaveLength(1);
      expect(readFileSync(join(assembly, templates[0]), 'utf8')).toContain('"AWS::ECS::Service"');
    }
  });

  test('bundles the lifecycle hook and the integration gate with esbuild into small assets', () => {
    const bundles = readdirSync(synth.outdir)
      .filter((d) => d.startsWith('asset.'))
      .map((d) => join(synth.outdir, d, 'index.js'))
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
    const report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'));
    const reports = report.pluginReports as { pluginName: string; conclusion: string }[];
    expect(reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'cdk-validator-cfnguard']);
    for (const plugin of reports) expect(plugin).toMatchObject({ conclusion: 'success' });
  });

  test("trips no preflight error, and warns only of the DNS records certificateArn + domainName leave to the user and of the release tool this repository's lockfile cannot pin", () => {
    const report = runPreflight(loadAssembly(synth.outdir), {
      readSourceFile: (path) => {
        const file = join(REPO_ROOT, path);
        return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      },
    });
    // The pipeline, the release pipeline, its cross-region support stack, dev's image copies
    // (test/model/image-regions.test.ts), three environments and their three access stacks.
    expect(report.stackCount).toBe(10);
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // staging and prod name their host with certificateArn + domainName, whose record no stack creates.
    const warnings = report.findings.filter((f) => f.severity === 'warning');
    // This repository is the tool itself, so no lockfile records the tool's integrity for the release stack.
    expect(warnings.map((f) => `${f.ruleId} ${f.stackName}`).sort()).toEqual([
      'check-url-dns-record sample-prod-service',
      'check-url-dns-record sample-staging-service',
      'release-tool-integrity sample-release',
    ]);
  });
});
