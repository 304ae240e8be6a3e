import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { judgeTrust } from '../../core/preflight/trust';
import { loadConfig, type PipelineConfig } from '../../model/config';
import { environmentNames } from '../../model/naming';
import { sharedSecretAccounts } from '../../model/config/service-values';
import { releaseAccountOf } from '../../model/release-split';
import { stack } from '../core/preflight/harness';
import { EXAMPLES, exampleConfig, REPO_ROOT, shippedConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

/**
 * Every configuration the repository ships or tests with passes the rule Verify runs on a candidate
 * (protected-trust-release-only): each protected environment's service stack, as synthesized, trusts only AWS
 * services, its own account and the roles its release stack owns. Each configuration is synthesized once per run
 * through the shared cache.
 */
const fixtures = readdirSync(join(REPO_ROOT, 'test', 'fixtures')).filter((f) => f.endsWith('.yaml'));
const configs: [string, () => PipelineConfig][] = [
  ['pipeline.config.yaml', shippedConfig],
  ...EXAMPLES.map((name): [string, () => PipelineConfig] => [`examples/${name}.yaml`, () => exampleConfig(name)]),
  ...fixtures.map((file): [string, () => PipelineConfig] => [
    `test/fixtures/${file}`,
    () => loadConfig(join(REPO_ROOT, 'test', 'fixtures', file), REPO_ROOT),
  ]),
];

test.each(configs)("%s: every protected environment trusts only its release stack's roles", (_file, load) => {
  const config = load();
  const protectedEnvironments = config.environments.filter((e) => e.approval);
  const templates = synthesized(config);
  if (protectedEnvironments.length === 0) return;
  const roleNames = new Set(
    Object.values(templates.release!.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName as string),
  );
  for (const environment of protectedEnvironments) {
    const resources = templates.environments[environment.name].toJSON().Resources;
    const stackName = environmentNames(config.application, environment, config.pipeline.region).stackName;
    const found = judgeTrust(stack(environment.name, { ...environment, stackName, resources }), {
      account: releaseAccountOf(config),
      roleNames,
      // What the release stack shares, as it writes it for Verify: the fixtures' shared secrets are admitted.
      secretAccounts: new Set(sharedSecretAccounts(config)),
    });
    expect(found.map((f) => `${environment.name} ${f.logicalId}: ${f.message}`)).toEqual([]);
  }
});
