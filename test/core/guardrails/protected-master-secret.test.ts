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
