import { releaseSplit } from '../../../model/release-split';
import { configProblems, shippedConfig, yamlWith } from '../../support/configs';

// GIVEN the shipped configuration: staging (222222222222), then prod (333333333333) with approval: true.

test('splits the environments: the delivery pipeline deploys the unprotected ones, the release pipeline the protected', () => {
  const split = releaseSplit(shippedConfig());
  expect(split.delivered.map((e) => e.name)).toEqual(['staging']);
  expect(split.released.map((e) => e.name)).toEqual(['prod']);
  expect(split.protectedAccounts).toEqual(['333333333333']);
});

test('refuses an environment without approval after a protected one', () => {
  const yaml = yamlWith((raw) => {
    (raw.environments as Record<string, unknown>[]).push({
      name: 'dr',
      account: '444444444444',
      region: 'eu-west-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    });
  });
  expect(configProblems(yaml)).toEqual([
    "environments[2].approval: must be true on 'dr', which follows the protected environment 'prod': the release " +
      "pipeline deploys protected environments after every other, so move 'dr' before it or set approval: true (got false)",
  ]);
});

test("refuses an unprotected environment in a protected environment's account, whatever it is called", () => {
  // The renamed-environment attack: 'live' without approval in the real prod account.
  const yaml = yamlWith((raw) => {
    const environments = raw.environments as Record<string, unknown>[];
    environments[0].name = 'live';
    environments[0].account = '333333333333';
  });
  expect(configProblems(yaml)).toEqual([
    "environments[0].account: is the account of the protected environment 'prod': the delivery pipeline deploys " +
      '\'live\' and may not act in a protected account; use another account or set approval: true (got "333333333333")',
  ]);
});
