import { masterCredentialProblems } from '../../../core/handoff/master-credentials';

// GIVEN a protected database whose master user comes from a generated secret, as the tool writes it.
const resolve = (secret: string, field: string) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, `:SecretString:${field}::}}`]],
});
const generated = { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { PasswordLength: 30 } } };
const instance = (properties: Record<string, unknown>) => ({ Type: 'AWS::RDS::DBInstance', Properties: properties });
const tool = {
  Master: generated,
  Db: instance({ MasterUsername: resolve('Master', 'username'), MasterUserPassword: resolve('Master', 'password') }),
};

test('admits the master user from one generated secret, a password RDS manages, and a restore taking the password', () => {
  expect(masterCredentialProblems(tool)).toEqual([]);
  expect(
    masterCredentialProblems({ Db: instance({ MasterUsername: 'dbadmin', ManageMasterUserPassword: true }) }),
  ).toEqual([]);
  expect(
    masterCredentialProblems({
      Master: generated,
      Db: instance({ DBSnapshotIdentifier: 'prod-final', MasterUserPassword: resolve('Master', 'password') }),
    }),
  ).toEqual([]);
});

test('refuses a password the template knows: a literal, or a secret whose value the template writes', () => {
  const literal = {
    ...tool,
    Db: instance({ MasterUsername: resolve('Master', 'username'), MasterUserPassword: 'Known-1' }),
  };
  const written = {
    ...tool,
    Evil: { Type: 'AWS::SecretsManager::Secret', Properties: { SecretString: '{"password":"Known-1"}' } },
    Db: instance({ MasterUsername: resolve('Master', 'username'), MasterUserPassword: resolve('Evil', 'password') }),
  };
  for (const resources of [literal, written]) {
    expect(masterCredentialProblems(resources)).toEqual([
      expect.stringMatching(/^Db takes its master password from .*: a protected database resolves its master user/),
    ]);
  }
});

test('refuses a user name and password from two secrets, and an Aurora instance naming its own master user', () => {
  const split = {
    ...tool,
    Other: generated,
    Db: instance({ MasterUsername: resolve('Master', 'username'), MasterUserPassword: resolve('Other', 'password') }),
  };
  expect(masterCredentialProblems(split)).toHaveLength(1);
  const member = instance({ DBClusterIdentifier: { Ref: 'Cluster' }, MasterUserPassword: 'x' });
  expect(masterCredentialProblems({ Member: member })).toEqual([
    "Member is an instance of a cluster and names a master user: the cluster's own credentials are the only ones",
  ]);
});

test('refuses any role allowed to set a master password (ModifyDBInstance, a wildcard, a restore)', () => {
  const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };
  const policy = (Action: unknown) => ({
    Type: 'AWS::IAM::Policy',
    Properties: {
      Roles: [{ Ref: 'TaskRole' }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action, Resource: '*' }] },
    },
  });
  for (const action of ['rds:ModifyDBInstance', 'rds:Modify*', 'rds:*', 'rds:RestoreDBClusterToPointInTime']) {
    const problems = masterCredentialProblems({ ...tool, TaskRole: role, Grant: policy(action) });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^Grant lets TaskRole rds:\w+, which sets a database's master password/);
  }
  expect(masterCredentialProblems({ ...tool, TaskRole: role, Grant: policy('rds:DescribeDBInstances') })).toEqual([]);
});

// Every example's and fixture's protected templates pass it too: tool-templates.check.ts, with Verify's other checks.
