import { deployingAccountOf, releaseAccountOf } from '../../../model/release-split';
import { configProblems, configWith, shippedConfig, yamlWith } from '../../support/configs';

// GIVEN the shipped configuration: tools 111111111111, staging 222222222222, then prod 333333333333 with approval: true.

const withReleaseAccount = (account: string) =>
  yamlWith((raw) => {
    (raw.pipeline as Record<string, unknown>).releaseAccount = account;
  });

test('without pipeline.releaseAccount the release pipeline runs in the tools account, and every environment trusts it', () => {
  const config = shippedConfig();
  expect(releaseAccountOf(config)).toBe('111111111111');
  expect(config.environments.map((e) => deployingAccountOf(config, e))).toEqual(['111111111111', '111111111111']);
});

test('with pipeline.releaseAccount the protected environment trusts the release account, the others the tools account', () => {
  const config = configWith((raw) => {
    (raw.pipeline as Record<string, unknown>).releaseAccount = '444444444444';
  });
  expect(releaseAccountOf(config)).toBe('444444444444');
  expect(config.environments.map((e) => [e.name, deployingAccountOf(config, e)])).toEqual([
    ['staging', '111111111111'],
    ['prod', '444444444444'],
  ]);
});

test('refuses a release account that is the tools account', () => {
  expect(configProblems(withReleaseAccount('111111111111'))).toEqual([
    'pipeline.releaseAccount: is the tools account (pipeline.account): the release account must be another account, ' +
      'or leave it out to run the release pipeline in the tools account (got "111111111111")',
  ]);
});

test.each([
  ['staging', '222222222222'],
  ['prod', '333333333333'],
])("refuses a release account that is environment %s's account", (environment, account) => {
  expect(configProblems(withReleaseAccount(account))).toEqual([
    `pipeline.releaseAccount: is the account of environment '${environment}': the release account must hold no ` +
      `environment; use an account of its own (got "${account}")`,
  ]);
});

test('refuses a release account when no environment is protected', () => {
  const yaml = yamlWith((raw) => {
    (raw.pipeline as Record<string, unknown>).releaseAccount = '444444444444';
    for (const environment of raw.environments as Record<string, unknown>[]) delete environment.approval;
  });
  expect(configProblems(yaml)).toEqual([
    'pipeline.releaseAccount: is only used by the release pipeline of the protected environments, and no environment ' +
      'has approval: true; set approval: true on the environments to protect, or remove pipeline.releaseAccount ' +
      '(got "444444444444")',
  ]);
});

test('refuses a release account that is not a 12-digit account id', () => {
  expect(configProblems(withReleaseAccount('4444'))).toEqual([
    'pipeline.releaseAccount: must be a 12-digit AWS account id (quote it in YAML) (got "4444")',
  ]);
});
