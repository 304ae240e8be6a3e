import { checkMasterSecretUse } from '../../../core/guardrails/protected-master-secret';

// GIVEN a protected stack's database with its master secret (and its attachment) and an application user's secret.
const resolve = (secret: string, field: string) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, `:SecretString:${field}::}}`]],
});
const database = {
  MasterSecret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  MasterAttachment: {
    Type: 'AWS::SecretsManager::SecretTargetAttachment',
    Properties: { SecretId: { Ref: 'MasterSecret' }, TargetId: { Ref: 'Instance' } },
  },
  Instance: {
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      MasterUsername: resolve('MasterSecret', 'username'),
      MasterUserPassword: resolve('MasterSecret', 'password'),
    },
  },
  AppSecret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  AppAttachment: {
    Type: 'AWS::SecretsManager::SecretTargetAttachment',
    Properties: { SecretId: { Ref: 'AppSecret' }, TargetId: { Ref: 'Instance' } },
  },
};
const taskReading = (from: unknown) => ({
  Task: {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      ContainerDefinitions: [
        { Name: 'app', Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [from, ':password::']] } }] },
      ],
    },
  },
});

test("passes a task that reads the application user's secret", () => {
  expect(checkMasterSecretUse({ ...database, ...taskReading({ Ref: 'AppAttachment' }) }, 'prod')).toEqual([]);
});

test("refuses a task that reads the master user's secret, through its attachment or the secret itself", () => {
  for (const from of [{ Ref: 'MasterAttachment' }, { Ref: 'MasterSecret' }, '${MasterSecret}']) {
    expect(checkMasterSecretUse({ ...database, ...taskReading(from) }, 'prod')).toEqual([
      {
        path: 'prod/Task.ContainerDefinitions[0].Secrets[0]',
        found: expect.stringMatching(/^DB_PASSWORD from the master user's secret \(Master(Attachment|Secret)\)$/),
        required: "the application user's secret (database.applicationUser: true)",
      },
    ]);
  }
});

test('refuses a task that reads the secret RDS manages for the master user', () => {
  const managed = {
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { ManageMasterUserPassword: true } },
    ...taskReading({ 'Fn::GetAtt': ['Cluster', 'MasterUserSecret.SecretArn'] }),
  };
  expect(checkMasterSecretUse(managed, 'prod')).toHaveLength(1);
});

const container = (fields: Record<string, unknown>) => ({
  Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'app', ...fields }] } },
});
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

test("refuses the master secret in a log driver's secret option and as registry credentials", () => {
  const resources = {
    ...database,
    ...container({
      LogConfiguration: {
        LogDriver: 'awsfirelens',
        SecretOptions: [{ Name: 'apikey', ValueFrom: join({ Ref: 'MasterAttachment' }, ':password::') }],
      },
      RepositoryCredentials: { CredentialsParameter: { Ref: 'MasterSecret' } },
    }),
  };
  expect(checkMasterSecretUse(resources, 'prod').map((v) => `${v.path}: ${v.found}`)).toEqual([
    "prod/Task.ContainerDefinitions[0].LogConfiguration.SecretOptions[0]: apikey from the master user's secret (MasterAttachment)",
    "prod/Task.ContainerDefinitions[0].RepositoryCredentials: registry credentials from the master user's secret (MasterSecret)",
  ]);
});

test('refuses the master secret named by its name in a literal ARN, by an explicit Name in Fn::Sub, or handed back by a custom resource', () => {
  const named = { ...database.MasterSecret, Properties: { Name: 'shop-prod-master' } };
  const echo = { Type: 'Custom::Echo', Properties: { ServiceToken: 'x', Echo: { Ref: 'MasterAttachment' } } };
  const resources = {
    ...database,
    MasterSecret: named,
    Echo: echo,
    ...container({
      Secrets: [
        { Name: 'A', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:MasterSecret-AbCdEf:password::' },
        {
          Name: 'B',
          ValueFrom: { 'Fn::Sub': 'arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:shop-prod-master' },
        },
        { Name: 'C', ValueFrom: join({ 'Fn::GetAtt': ['Echo', 'Echo'] }, ':password::') },
        { Name: 'D', ValueFrom: { 'Fn::Select': [0, ['arn:aws:secretsmanager:eu-west-1:1:secret:x']] } },
        { Name: 'E', ValueFrom: join({ Ref: 'AppAttachment' }, ':password::') },
      ],
    }),
  };
  expect(checkMasterSecretUse(resources, 'prod').map((v) => v.found)).toEqual([
    "A from the master user's secret (MasterSecret)",
    "B from the master user's secret (shop-prod-master)",
    "C from the master user's secret (MasterAttachment)",
    'D from a value this check cannot read',
  ]);
});
