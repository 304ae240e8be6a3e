import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import type { PipelineConfig } from '../../model/config';
import { resolveConfigPath } from '../../model/config/config-path';
import { oncePerRun } from './run-cache';

/**
 * Configurations for tests. Nothing here loads aws-cdk-lib, so config-only tests stay quick, and a configuration is
 * validated once per run (`validatedOnce`): the model builds its whole schema when it loads, most of a small test
 * file's CPU, and a file that only reads configurations does without it.
 */

export const REPO_ROOT = join(__dirname, '..', '..');

/** The image tag test syntheses use unless a test names another. */
export const TEST_IMAGE_TAG = 'commit-1';

/** The shipped pipeline.config.yaml, parsed and validated. */
export function shippedConfig(): PipelineConfig {
  return configFile(resolveConfigPath(undefined, REPO_ROOT));
}

/** The shipped pipeline.config.yaml with a change applied to its YAML-level object, as YAML. */
export function yamlWith(change: (raw: Record<string, unknown>) => void): string {
  const raw = parse(readFileSync(join(REPO_ROOT, 'pipeline.config.yaml'), 'utf8'));
  change(raw);
  return stringify(raw);
}

/** The seed systems' configurations (examples/*.yaml; test/e2e/examples.test.ts). */
export const EXAMPLES = ['redmine', 'vikunja', 'n-demo', 'notejam', 'notejam-django', 'notejam-dr'] as const;
export type Example = (typeof EXAMPLES)[number];

/** examples/<name>.yaml, parsed and validated. */
export function exampleConfig(name: Example): PipelineConfig {
  return configFile(join(REPO_ROOT, 'examples', `${name}.yaml`));
}

/** test/fixtures/<name>.yaml, parsed and validated. */
export function fixtureConfig(
  name:
    | 'three-services'
    | 'data-app'
    | 'frontend-app'
    | 'existing-network'
    | 'all-capabilities'
    | 'django-celery'
    | 'storage-jobs',
): PipelineConfig {
  return configFile(join(REPO_ROOT, 'test', 'fixtures', `${name}.yaml`));
}

/** The shipped configuration with a change applied to its YAML-level object. */
export function configWith(change: (raw: Record<string, unknown>) => void): PipelineConfig {
  return validatedOnce(yamlWith(change), 'test config');
}

/** The operator range the three-environment configuration lets reach staging's test listener. */
export const OPERATOR_CIDR = '203.0.113.0/24';

/**
 * The shipped configuration plus a dev environment in another account and region, first: dev rolls out
 * linearly with a custom config (20 % every 2 min), staging asks for approval and runs a custom canary
 * (25 % for 7 min) reachable from an operator range, prod keeps the shipped predefined canary. With the
 * shipped configuration (staging all at once) this covers every kind of deployment config. Shared by
 * several files, so `synthesized(threeEnvironments())` synthesizes it once per run.
 */
export function threeEnvironments(): PipelineConfig {
  return validatedOnce(threeEnvironmentsYaml(), 'test config');
}

/** {@link threeEnvironments} as a configuration file's text, for the real `cdk synth` (test/support/cli-synth.ts). */
export function threeEnvironmentsYaml(): string {
  return yamlWith((raw) => {
    const environments = raw.environments as Record<string, unknown>[];
    Object.assign(environments[0], {
      approval: true,
      // An environment behind an approval serves HTTPS.
      certificateArn: 'arn:aws:acm:eu-west-1:222222222222:certificate/staging',
      domainName: 'staging.example.com',
      deployment: { type: 'canary', percentage: 25, intervalMinutes: 7 },
      operatorCidrs: [OPERATOR_CIDR],
    });
    environments.unshift({
      name: 'dev',
      account: '444444444444',
      region: 'eu-central-1',
      availabilityZones: ['eu-central-1a', 'eu-central-1b'],
      natGateways: 1,
      deployment: { type: 'linear', percentage: 20, intervalMinutes: 2 },
    });
  });
}

/** The problems a configuration's text is refused with, one line each; [] when it is valid. */
export function configProblems(yaml: string): readonly string[] {
  const { ConfigError, parseConfig } = model();
  try {
    parseConfig(yaml, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** The configuration file at `path`, as loadConfig reads it: its text validated, the file named in messages. */
function configFile(path: string): PipelineConfig {
  return validatedOnce(readFileSync(path, 'utf8'), path);
}

/**
 * `parseConfig(text, source)`, validated once per run: every other caller, in any worker, takes the result from the
 * run cache. A configuration that is not valid, or that JSON would not carry unchanged, is validated by each caller
 * itself, so it gets parseConfig's own error or object.
 */
function validatedOnce(text: string, source: string): PipelineConfig {
  const key = `config-${createHash('sha256').update(`${source}\0${text}`).digest('hex').slice(0, 24)}`;
  const kept = oncePerRun<{ config?: PipelineConfig }>(key, () => {
    try {
      const config = model().parseConfig(text, source);
      return isDeepStrictEqual(JSON.parse(JSON.stringify(config)), config) ? { config } : {};
    } catch {
      return {};
    }
  });
  return kept.config ?? model().parseConfig(text, source);
}

/** The configuration model, loaded by the first caller that validates. */
function model(): typeof import('../../model/config') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, as said above
  return require('../../model/config') as typeof import('../../model/config');
}
