import type { TemplateJson } from '../../../core/guardrails';
import { checkProtectedDatabases } from '../../../core/guardrails/protected-database';
import { exampleConfig, fixtureConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

// GIVEN prod's service stack as synthesized: an RDS MySQL instance (data-app), an RDS PostgreSQL instance (redmine)
// and an Aurora MySQL cluster with its instances (notejam-django).
const prodResources = (templates: ReturnType<typeof synthesized>) =>
  (templates.environments.prod.toJSON() as TemplateJson).Resources as Resources;
const DATABASES = {
  mysql: () => prodResources(synthesized(fixtureConfig('data-app'))),
  postgres: () => prodResources(synthesized(exampleConfig('redmine'))),
  'aurora-mysql': () => prodResources(synthesized(exampleConfig('notejam-django'))),
};
/** A copy of the resources with `change` applied. */
const changed = (resources: Resources, change: (copy: Resources) => void): Resources => {
  const copy = structuredClone(resources);
  change(copy);
  return copy;
};
const judged = (resources: Resources) =>
  checkProtectedDatabases(resources, 'prod').map((v) => `${v.path.replace(/[A-F0-9]{8}\b/g, '')}: ${v.found}`);
const ofType = (resources: Resources, type: string) => Object.values(resources).filter((r) => r.Type === type);
const databaseOf = (resources: Resources) =>
  [...ofType(resources, 'AWS::RDS::DBCluster'), ...ofType(resources, 'AWS::RDS::DBInstance')][0];
const groupsOf = (resources: Resources) => [
  ...ofType(resources, 'AWS::RDS::DBParameterGroup'),
  ...ofType(resources, 'AWS::RDS::DBClusterParameterGroup'),
];

describe.each(Object.entries(DATABASES))('%s, as synthesized', (engine, resourcesOf) => {
  test('refuses connections without TLS, and passes', () => {
    expect(
      ofType(resourcesOf(), 'AWS::RDS::DBCluster').length + ofType(resourcesOf(), 'AWS::RDS::DBInstance').length,
    ).toBeGreaterThan(0);
    expect(databaseOf(resourcesOf()).Properties.Engine).toBe(engine);
    expect(judged(resourcesOf())).toEqual([]);
  });

  test('with its TLS parameter turned off, it is refused at that parameter', () => {
    const off = changed(resourcesOf(), (r) => {
      for (const group of groupsOf(r)) {
        const parameters = group.Properties.Parameters as Record<string, string>;
        for (const name of ['require_secure_transport', 'rds.force_ssl']) {
          if (name in parameters) parameters[name] = '0';
        }
      }
    });
    expect(judged(off)).toEqual([
      expect.stringMatching(
        /^prod\/.*\.Parameters\.(require_secure_transport|rds\.force_ssl): 0 \(connections without TLS accepted by /,
      ),
    ]);
  });

  test('on the default parameter group, or a group named from outside the template, it is refused', () => {
    const property = engine.startsWith('aurora-') ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
    const absent = changed(resourcesOf(), (r) => delete databaseOf(r).Properties[property]);
    const outside = changed(resourcesOf(), (r) => (databaseOf(r).Properties[property] = 'shared-group'));
    expect(judged(absent)).toEqual([expect.stringMatching(new RegExp(`\\.${property}: the default group$`))]);
    expect(judged(outside)).toEqual([
      expect.stringMatching(new RegExp(`\\.${property}: a group outside this template$`)),
    ]);
  });
});

test('an engine it cannot read the TLS setting of is refused', () => {
  const resources = changed(DATABASES.mysql(), (r) => (databaseOf(r).Properties.Engine = 'mariadb'));
  expect(judged(resources)).toEqual([expect.stringMatching(/\.Engine: mariadb$/)]);
});

test('a stack without a database has nothing to judge', () => {
  expect(judged({ Topic: { Type: 'AWS::SNS::Topic', Properties: {} } })).toEqual([]);
});
