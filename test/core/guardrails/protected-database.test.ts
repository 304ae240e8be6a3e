import type { TemplateJson } from '../../../core/guardrails';
import { checkProtectedDatabases } from '../../../core/guardrails/protected-database';
import { exampleConfig, fixtureConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

// GIVEN prod's service stack as synthesized: an RDS MySQL instance (data-app), an RDS PostgreSQL 17 instance on its
// default parameter group (redmine) and an Aurora MySQL cluster with its instances (notejam-django).
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

describe.each(Object.entries(DATABASES))('%s, as synthesized', (engine, resourcesOf) => {
  const aurora = engine.startsWith('aurora-');
  const property = aurora ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
  const groupType = aurora ? 'AWS::RDS::DBClusterParameterGroup' : 'AWS::RDS::DBParameterGroup';
  const parameter = engine.endsWith('mysql') ? 'require_secure_transport' : 'rds.force_ssl';

  test('refuses connections without TLS, and passes', () => {
    expect(
      ofType(resourcesOf(), 'AWS::RDS::DBCluster').length + ofType(resourcesOf(), 'AWS::RDS::DBInstance').length,
    ).toBeGreaterThan(0);
    expect(databaseOf(resourcesOf()).Properties.Engine).toBe(engine);
    expect(judged(resourcesOf())).toEqual([]);
  });

  test('with a parameter group of its own that turns TLS off, it is refused at that parameter', () => {
    const off = changed(resourcesOf(), (r) => {
      r.TlsOff = { Type: groupType, Properties: { Parameters: { [parameter]: '0' } } };
      databaseOf(r).Properties[property] = { Ref: 'TlsOff' };
    });
    expect(judged(off)).toEqual([
      expect.stringMatching(
        /^prod\/TlsOff\.Parameters\.(require_secure_transport|rds\.force_ssl): 0 \(connections without TLS accepted by /,
      ),
    ]);
  });

  test('on a group named from outside the template, it is refused', () => {
    const outside = changed(resourcesOf(), (r) => (databaseOf(r).Properties[property] = 'shared-group'));
    expect(judged(outside)).toEqual([
      expect.stringMatching(new RegExp(`\\.${property}: a group outside this template$`)),
    ]);
  });
});

test.each([
  ['MySQL, whose default group accepts plain text at every version', 'mysql', undefined],
  ['PostgreSQL 14, before its default group refused plain text', 'postgres', '14.13'],
])('on the default parameter group: %s, it is refused', (_, engine, version) => {
  const resources = changed(DATABASES[engine as 'mysql' | 'postgres'](), (r) => {
    delete databaseOf(r).Properties.DBParameterGroupName;
    if (version !== undefined) databaseOf(r).Properties.EngineVersion = version;
  });
  expect(judged(resources)).toEqual([expect.stringMatching(/\.DBParameterGroupName: the default group$/)]);
});

test('PostgreSQL 17 on the default group (rds.force_ssl 1 there) passes', () => {
  const [database] = ofType(DATABASES.postgres(), 'AWS::RDS::DBInstance');
  expect(database.Properties.DBParameterGroupName).toBeUndefined();
  expect(String(database.Properties.EngineVersion)).toMatch(/^17\./);
  expect(judged(DATABASES.postgres())).toEqual([]);
});

test('an Aurora instance may not turn TLS off in a group of its own, nor take a group from outside the template', () => {
  const instanceOf = (r: Resources) => ofType(r, 'AWS::RDS::DBInstance')[0];
  const own = changed(DATABASES['aurora-mysql'](), (r) => {
    r.Off = { Type: 'AWS::RDS::DBParameterGroup', Properties: { Parameters: { require_secure_transport: 'OFF' } } };
    instanceOf(r).Properties.DBParameterGroupName = { Ref: 'Off' };
  });
  const outside = changed(DATABASES['aurora-mysql'](), (r) => (instanceOf(r).Properties.DBParameterGroupName = 'x'));
  expect(judged(own)).toEqual([
    expect.stringMatching(/\.DBParameterGroupName: Off sets require_secure_transport to OFF$/),
  ]);
  expect(judged(outside)).toEqual([expect.stringMatching(/\.DBParameterGroupName: a group outside this template$/)]);
});

test('a default group CDK names literally counts as the default: PostgreSQL 17 passes, Aurora PostgreSQL 17 is refused', () => {
  const postgres = changed(
    DATABASES.postgres(),
    (r) => (databaseOf(r).Properties.DBParameterGroupName = 'default.postgres17'),
  );
  const aurora = changed(DATABASES['aurora-mysql'](), (r) => {
    Object.assign(databaseOf(r).Properties, {
      Engine: 'aurora-postgresql',
      EngineVersion: '17.5',
      DBClusterParameterGroupName: 'default.aurora-postgresql17',
    });
  });
  expect(judged(postgres)).toEqual([]);
  expect(judged(aurora)).toEqual([expect.stringMatching(/\.DBClusterParameterGroupName: the default group$/)]);
});

test.each([
  ['AWS::NoValue', { Ref: 'AWS::NoValue' }],
  ['null', null],
  ['a condition', { 'Fn::If': ['Never', 'x', { Ref: 'AWS::NoValue' }] }],
  ['a cluster of no kind it knows', { Ref: 'Topic' }],
])('an instance posing as a cluster member (DBClusterIdentifier %s) is refused', (_, identifier) => {
  const resources = changed(DATABASES.postgres(), (r) => {
    r.Topic = { Type: 'AWS::SNS::Topic', Properties: {} };
    Object.assign(databaseOf(r).Properties, { DBClusterIdentifier: identifier, EngineVersion: '14.13' });
  });
  expect(judged(resources)).toEqual([expect.stringMatching(/\.DBClusterIdentifier: a value this check cannot read$/)]);
});

test('a group whose parameters a condition decides, or that spells the TLS parameter in another case, is refused', () => {
  const withGroup = (parameters: unknown) =>
    changed(DATABASES.postgres(), (r) => {
      r.Own = { Type: 'AWS::RDS::DBParameterGroup', Properties: { Parameters: parameters } };
      databaseOf(r).Properties.DBParameterGroupName = { Ref: 'Own' };
    });
  const conditional = withGroup({ 'Fn::If': ['Never', {}, { 'rds.force_ssl': '0' }] });
  const valueByCondition = withGroup({ 'rds.force_ssl': { 'Fn::If': ['Never', '1', '0'] } });
  const respelled = withGroup({ 'rds.force_ssl': '1', 'RDS.FORCE_SSL': '0' });
  for (const resources of [conditional, valueByCondition, respelled]) {
    expect(judged(resources)).toEqual([expect.stringMatching(/Own\.Parameters: parameters this check cannot read$/)]);
  }
});

test("an Aurora instance's own group whose parameters a condition decides is refused", () => {
  const resources = changed(DATABASES['aurora-mysql'](), (r) => {
    r.Own = { Type: 'AWS::RDS::DBParameterGroup', Properties: { Parameters: { 'Fn::If': ['Never', {}, {}] } } };
    ofType(r, 'AWS::RDS::DBInstance')[0].Properties.DBParameterGroupName = { Ref: 'Own' };
  });
  expect(judged(resources)).toEqual([
    expect.stringMatching(/\.DBParameterGroupName: Own with parameters this check cannot read$/),
  ]);
});

test('an engine it cannot read the TLS setting of is refused', () => {
  const resources = changed(DATABASES.mysql(), (r) => (databaseOf(r).Properties.Engine = 'mariadb'));
  expect(judged(resources)).toEqual([expect.stringMatching(/\.Engine: mariadb$/)]);
});

test('an RDS Proxy that does not require TLS of its clients is refused', () => {
  const proxy = (RequireTLS?: boolean) =>
    judged({ Proxy: { Type: 'AWS::RDS::DBProxy', Properties: RequireTLS === undefined ? {} : { RequireTLS } } });
  expect(proxy(false)).toEqual(['prod/Proxy.RequireTLS: false']);
  expect(proxy()).toEqual(['prod/Proxy.RequireTLS: undefined']);
  expect(proxy(true)).toEqual([]);
});

test('a stack without a database has nothing to judge', () => {
  expect(judged({ Topic: { Type: 'AWS::SNS::Topic', Properties: {} } })).toEqual([]);
});
