import { environmentOfFlag } from '../../cli/common-flags';
import { UsageError } from '../../cli/context';

const environments = [{ name: 'staging' }, { name: 'prod' }];

describe('environmentOfFlag', () => {
  test('the named environment, or the first one when --environment is absent', () => {
    expect(environmentOfFlag(environments, 'prod')).toBe(environments[1]);
    expect(environmentOfFlag(environments, undefined)).toBe(environments[0]);
  });

  test('an unknown name is a usage error naming the flag and the configured environments', () => {
    expect(() => environmentOfFlag(environments, 'live')).toThrow(UsageError);
    expect(() => environmentOfFlag(environments, 'live')).toThrow(
      "--environment: unknown environment 'live' (configured: staging, prod)",
    );
  });
});
