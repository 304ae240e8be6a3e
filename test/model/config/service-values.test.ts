import { sharedSecretAccounts } from '../../../model/config/service-values';
import { fixtureConfig, shippedConfig } from '../../support/configs';

test("lists the other accounts whose secrets the protected environments' services read", () => {
  // all-capabilities' web service reads a shared secret of 510000000009 in every environment, prod (protected) included.
  expect(sharedSecretAccounts(fixtureConfig('all-capabilities'))).toEqual(['510000000009']);
});

test('lists none when every secret is in its environment, or only unprotected environments share one', () => {
  expect(sharedSecretAccounts(shippedConfig())).toEqual([]);
  const config = fixtureConfig('all-capabilities');
  const unprotected = { ...config, environments: config.environments.filter((e) => !e.approval) };
  expect(sharedSecretAccounts(unprotected)).toEqual([]);
});
