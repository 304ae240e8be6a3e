import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../../model/config';
import { usesCycle } from '../../../model/config/service-graph-refine';

const BASE = {
  application: 'shop',
  pipeline: { account: '111111111111', region: 'eu-west-1' },
  source: {
    connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000',
    repository: 'my-org/shop',
  },
  environments: [
    { name: 'staging', account: '222222222222', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
  ],
};
const web = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'web',
  port: 8080,
  healthCheckPath: '/health',
  buildContext: '.',
  ...extra,
});

/** The problems a configuration is refused with, one line each; [] when it is valid. */
function problems(config: Record<string, unknown>): readonly string[] {
  try {
    parseConfig(stringify({ ...BASE, ...config }), 'c.yaml');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('the services as a whole', () => {
  test('a configuration of web services that use each other in one direction is valid', () => {
    expect(problems({ services: [web('web', { uses: ['api'] }), web('api')] })).toEqual([]);
  });

  test('refuses services that use each other in a cycle, naming the cycle', () => {
    expect(problems({ services: [web('web', { uses: ['api'] }), web('api', { uses: ['web'] })] })).toEqual([
      'services[0].uses: makes a cycle: web -> api -> web; a service receives the address of those it uses, so one of them must not use the other',
    ]);
  });

  test('refuses an application of workers only', () => {
    expect(problems({ services: [{ name: 'worker', kind: 'worker', buildContext: '.' }] })).toEqual([
      'services: needs at least one web service (kind: web): the pipeline deploys blue/green behind a load balancer, and the approval and smoke checks use its URL',
    ]);
  });

  test("refuses a sidecar's dependsOn that names no other container of the task", () => {
    const sidecars = [{ name: 'proxy', image: 'envoy', dependsOn: [{ container: 'ap' }] }];
    expect(problems({ services: [web('web', { sidecars })] })).toEqual([
      'services[0].sidecars[0].dependsOn[0].container: names no other container of the task (containers: app) (got "ap")',
    ]);
  });

  test('refuses a release task in a container the task does not have', () => {
    expect(problems({ services: [web('web', { release: { command: 'migrate', container: 'migrator' } })] })).toEqual([
      'services[0].release.container: names no container of the task (containers: app) (got "migrator")',
    ]);
  });

  test("refuses a service's scaling whose maxTasks ends below minTasks once the environment's is added", () => {
    const environments = [{ ...BASE.environments[0], services: { web: { scaling: { minTasks: 3, maxTasks: 1 } } } }];
    expect(problems({ services: [web('web')], environments })).toEqual([
      "environments[0].services.web.scaling.maxTasks: is 1, below minTasks 3 (this override and the environment's scaling combined); set maxTasks at least minTasks (got 1)",
    ]);
    const fromEnvironment = [
      { ...environments[0], scaling: { maxTasks: 2, minTasks: 1 }, services: { web: { scaling: { minTasks: 4 } } } },
    ];
    expect(problems({ services: [web('web')], environments: fromEnvironment })).toEqual([
      "environments[0].services.web.scaling.maxTasks: is 2, below minTasks 4 (this override and the environment's scaling combined); set maxTasks at least minTasks (got 2)",
    ]);
  });
});

describe('usesCycle', () => {
  test.each([
    [
      [
        { name: 'a', uses: ['b'] },
        { name: 'b', uses: [] },
      ],
      undefined,
    ],
    [
      [
        { name: 'a', uses: ['b'] },
        { name: 'b', uses: ['c'] },
        { name: 'c', uses: ['b'] },
      ],
      ['b', 'c', 'b'],
    ],
    [[{ name: 'a', uses: ['database', 'a'] }], ['a', 'a']],
  ])('finds the cycle in %j: %j', (services, cycle) => {
    expect(usesCycle(services)).toEqual(cycle);
  });
});
