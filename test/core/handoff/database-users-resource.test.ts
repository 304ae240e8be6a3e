import { databaseUsersResourceProblems } from '../../../core/handoff/database-users-resource';
import { attachment, generatedSecret, masterDatabase, resolveSecret } from './master-database';

// GIVEN a protected stack's MySQL instance, its master secret, the application user's secret attached to it, and the
// Custom::DatabaseUsers resource as the tool's construct writes it.
const stack = {
  ...masterDatabase,
  App: generatedSecret({
    'Fn::Join': ['', ['{"username":"application","dbname":"counts","masterarn":"', { Ref: 'MasterAttachment' }, '"}']],
  }),
  AppAttachment: attachment('App'),
  Users: {
    Type: 'Custom::DatabaseUsers',
    Properties: {
      ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] },
      MasterSecretArn: { Ref: 'MasterAttachment' },
      ApplicationSecretArn: { Ref: 'AppAttachment' },
      EngineFamily: 'mysql',
      DatabaseName: 'counts',
    },
  },
};
const withUsers = (properties: Record<string, unknown>, resources: Record<string, unknown> = {}) =>
  databaseUsersResourceProblems({
    ...stack,
    ...resources,
    Users: { ...stack.Users, Properties: { ...stack.Users.Properties, ...properties } },
  } as never);

test("admits the construct's resource, and one naming the master secret itself", () => {
  expect(withUsers({})).toEqual([]);
  expect(withUsers({ MasterSecretArn: { Ref: 'Master' } })).toEqual([]);
});

test("refuses a database name other than the instance's: a system database above all", () => {
  expect(withUsers({ DatabaseName: 'mysql' })).toEqual([
    'Users.DatabaseName is "mysql", not the application\'s database of Instance ("counts"), never a system database',
  ]);
});

test("refuses an engine family other than the instance's engine's", () => {
  expect(withUsers({ EngineFamily: 'postgres' })).toEqual([
    'Users.EngineFamily is "postgres", not the dialect of Instance\'s engine "mysql"',
  ]);
});

test('refuses a master secret that is not the master secret of an instance or cluster of the template', () => {
  const problems = [
    withUsers({ MasterSecretArn: { Ref: 'AppAttachment' } }),
    withUsers({ MasterSecretArn: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:x' }),
    // The master secret attached to another instance (whose address the attachment writes into it).
    withUsers(
      { MasterSecretArn: { Ref: 'Elsewhere' } },
      { Elsewhere: attachment('Master', 'Other'), Other: { Type: 'AWS::RDS::DBInstance', Properties: {} } },
    ),
  ];
  for (const found of problems)
    expect(found).toEqual([expect.stringMatching(/^Users\.MasterSecretArn is .*, not a Ref to the master secret/)]);
});

test("refuses an application secret of the commit's own: one it wrote the password of, for another user or database", () => {
  const own = {
    Type: 'AWS::SecretsManager::Secret',
    Properties: { SecretString: '{"username":"application","password":"Known-by-the-attacker-1","dbname":"counts"}' },
  };
  const cases = [
    [{ Evil: own, EvilAttachment: attachment('Evil') }, 'EvilAttachment'],
    [
      { Evil: generatedSecret('{"username":"pwn","dbname":"counts"}'), EvilAttachment: attachment('Evil') },
      'EvilAttachment',
    ],
    [
      { Evil: generatedSecret('{"username":"application","dbname":"other"}'), EvilAttachment: attachment('Evil') },
      'EvilAttachment',
    ],
    [
      { EvilAttachment: attachment('App', 'Other'), Other: { Type: 'AWS::RDS::DBInstance', Properties: {} } },
      'EvilAttachment',
    ],
    [{}, 'MasterAttachment'],
    [{}, 'App'],
  ] as const;
  for (const [resources, application] of cases)
    expect(withUsers({ ApplicationSecretArn: { Ref: application } }, resources)).toEqual([
      `Users.ApplicationSecretArn is {"Ref":"${application}"}, not a Ref to an attachment to Instance of a secret ` +
        "CloudFormation generates for the user 'application' of that database",
    ]);
});

test("refuses a property the tool's construct does not set", () => {
  expect(withUsers({ Grants: ['ALL ON *.*'] })).toEqual([
    "Users has property Grants, which the tool's construct does not set",
  ]);
});

test('a restored instance (no DBName): the database its master secret was generated for, never a system one', () => {
  const restored = { ...stack.Instance, Properties: { ...stack.Instance.Properties, DBName: undefined } };
  expect(withUsers({}, { Instance: restored })).toEqual([]);
  const system = generatedSecret('{"username":"dbadmin","dbname":"mysql"}');
  const app = generatedSecret('{"username":"application","dbname":"mysql"}');
  expect(withUsers({ DatabaseName: 'mysql' }, { Instance: restored, Master: system, App: app })).toEqual([
    'Users.DatabaseName is "mysql", not the application\'s database of Instance ("mysql"), never a system database',
  ]);
});

test('an Aurora cluster: its DatabaseName, and the dialect of aurora-postgresql', () => {
  const cluster = {
    Type: 'AWS::RDS::DBCluster',
    Properties: {
      Engine: 'aurora-postgresql',
      DatabaseName: 'counts',
      MasterUsername: resolveSecret('Master', 'username'),
      MasterUserPassword: resolveSecret('Master', 'password'),
    },
  };
  expect(withUsers({ EngineFamily: 'postgres' }, { Instance: cluster })).toEqual([]);
  expect(withUsers({ EngineFamily: 'mysql' }, { Instance: cluster })).toHaveLength(1);
});
