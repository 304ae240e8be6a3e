import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applicationNameFrom, fillStarter, starterValues } from '../../../cli/init/starter-config';
import { parseConfig } from '../../../model/config';
import { REPO_ROOT } from '../../support/configs';

const TEMPLATE = readFileSync(join(REPO_ROOT, 'templates', 'pipeline.config.yaml'), 'utf8');

describe('the starter configuration', () => {
  test('filled with the placeholders alone is a valid configuration, with no test command left to guess', () => {
    const config = parseConfig(fillStarter(TEMPLATE, starterValues({}, 'My Shop')), 'starter');
    expect(config.application).toBe('my-shop');
    expect(config.environments.map((e) => [e.name, e.account, e.approval])).toEqual([
      ['staging', '222222222222', false],
      ['prod', '333333333333', true],
    ]);
    expect(config.build.test).toEqual({ runtime: {}, commands: ['npm test --if-present'] });
  });

  test('takes the values given as flags, the connection ARN following region and tools account', () => {
    const values = starterValues({ application: 'shop', region: 'us-east-2', toolsAccount: '123456789012' }, 'x');
    const config = parseConfig(fillStarter(TEMPLATE, values), 'starter');
    expect(config.pipeline).toMatchObject({ account: '123456789012', region: 'us-east-2' });
    expect(config.source.connectionArn).toBe(
      'arn:aws:codeconnections:us-east-2:123456789012:connection/00000000-0000-0000-0000-000000000000',
    );
    expect(config.environments[1].availabilityZones).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
  });

  test.each([
    ['shop_api', 'shop-api'],
    ['2024-app', 'app'],
    ['---', 'app'],
    ['a-very-long-directory-name-for-an-app', 'a-very-long-directory-na'],
  ])('names the application after the directory %s: %s', (directory, name) => {
    expect(applicationNameFrom(directory)).toBe(name);
  });

  test('refuses a template placeholder it has no value for', () => {
    expect(() => fillStarter('application: ${nope}\n', starterValues({}, 'x'))).toThrow(
      'templates/pipeline.config.yaml: no value for ${nope}',
    );
  });
});
