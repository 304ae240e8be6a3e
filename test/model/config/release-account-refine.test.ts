import { deployingAccountOf, releaseAccountOf } from '../../../model/release-split';
import { configProblems, shippedConfig, yamlWith } from '../../support/configs';

// GIVEN the shipped configuration: tools 111111111111, staging 222222222222, then prod 333333333333 with approval: true,
// released from 666666666666.

/** The release account changed, and its connection moved with it where the account is an account id. */
const withReleaseAccount = (account: string | undefined) =>
  yamlWith((raw) => {
    const pipeline = raw.pipeline as Record<string, unknown>;
    pipeline.releaseAccount = account;
    if (account !== undefined && /^\d{12}$/.test(account)) {
      pipeline.releaseConnectionArn = String(pipeline.releaseConnectionArn).replace(/:\d{12}:/, `:${account}:`);
    }
  });

test('the protected environment trusts the release account, the others the tools account', () => {
  const config = shippedConfig();
  expect(releaseAccountOf(config)).toBe('666666666666');
  expect(config.environments.map((e) => [e.name, deployingAccountOf(config, e)])).toEqual([
    ['staging', '111111111111'],
    ['prod', '666666666666'],
  ]);
});

test('refuses a protected environment without a release account, naming the environment and what to set', () => {
  expect(configProblems(withReleaseAccount(undefined))).toEqual([
    "pipeline.releaseAccount: is required: environment 'prod' has approval: true, and its release pipeline needs an " +
      "account of its own, which the protected accounts trust instead of the tools account (where every commit's " +
      'self-mutation deploys); set pipeline.releaseAccount to the 12-digit id of an account that is neither the tools ' +
      'account nor an environment\'s (README, "A release account of its own")',
  ]);
});

test('admits no release account when no environment is protected', () => {
  const yaml = yamlWith((raw) => {
    delete (raw.pipeline as Record<string, unknown>).releaseAccount;
    delete (raw.pipeline as Record<string, unknown>).releaseConnectionArn;
    for (const environment of raw.environments as Record<string, unknown>[]) delete environment.approval;
  });
  expect(configProblems(yaml)).toEqual([]);
});

test('refuses a release account that is the tools account', () => {
  expect(configProblems(withReleaseAccount('111111111111'))).toEqual([
    "pipeline.releaseAccount: is the tools account (pipeline.account), where every commit's self-mutation deploys: " +
      'the release account must be another account (got "111111111111")',
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
    delete (raw.pipeline as Record<string, unknown>).releaseConnectionArn;
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
