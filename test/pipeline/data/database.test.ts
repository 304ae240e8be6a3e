import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Database, type DatabaseProps } from '../../../pipeline/environment/data/database';
import { synthesizeWithPolicy, type PolicySynth } from '../../policy/support/policy-synth';
import { cdkJsonContext } from '../../support/synth';
import { DataTestStack, expectPolicyGatesPass, ingressOf, logicalIdOf } from './support';

// GIVEN one app with the shapes the config can ask for: a single-AZ PostgreSQL instance (staging),
// a Multi-AZ protected MySQL instance with rotation (prod), Aurora Serverless v2 with a reader, and a
// provisioned Aurora MySQL cluster and a PostgreSQL instance restored from snapshots in another region.
let synth: PolicySynth;
const stacks: Record<string, { stack: DataTestStack; database: Database }> = {};

function base(
  stack: DataTestStack,
  identifier: string,
): Omit<DatabaseProps, 'engine' | 'version' | 'multiAz' | 'deletionProtection'> {
  return {
    vpc: stack.network.vpc,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    identifier,
    databaseName: 'app',
    backupRetentionDays: 7,
    performanceInsights: true,
    iamAuthentication: true,
    alarmTopic: stack.topic,
    logKey: stack.logKey,
    logRetention: logs.RetentionDays.ONE_YEAR,
  };
}

const SHAPES: Record<
  string,
  (stack: DataTestStack) => Omit<DatabaseProps, keyof ReturnType<typeof base>> & Partial<DatabaseProps>
> = {
  Postgres: () => ({
    engine: 'postgres',
    version: '16',
    instanceClass: 'db.t4g.micro',
    multiAz: false,
    deletionProtection: false,
  }),
  Mysql: (stack) => ({
    engine: 'mysql',
    version: '8.4',
    instanceClass: 'db.m7g.large',
    allocatedStorageGiB: 50,
    maxAllocatedStorageGiB: 200,
    multiAz: true,
    deletionProtection: true,
    rotation: { days: 30, subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } },
    connectionsAlarmThreshold: 500,
    ...{ vpc: stack.network.vpc },
  }),
  Serverless: () => ({
    engine: 'aurora-postgresql',
    version: '16',
    serverless: { minCapacity: 0.5, maxCapacity: 8 },
    multiAz: true,
    deletionProtection: true,
  }),
};
const RESTORES: Record<
  string,
  () => Partial<DatabaseProps> & Pick<DatabaseProps, 'engine' | 'version' | 'multiAz' | 'deletionProtection'>
> = {
  RestoredAurora: () => ({
    engine: 'aurora-mysql',
    version: '3',
    instanceClass: 'db.r7g.large',
    multiAz: true,
    deletionProtection: true,
    restoreFrom: { snapshotArn: 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:awsbackup:job-1' },
  }),
  RestoredPostgres: () => ({
    engine: 'postgres',
    version: '16',
    instanceClass: 'db.t4g.micro',
    multiAz: false,
    deletionProtection: false,
    restoreFrom: { snapshotIdentifier: 'shop-prod-final' },
  }),
};

beforeAll(() => {
  synth = synthesizeWithPolicy(
    (app) => {
      for (const [name, shape] of Object.entries(SHAPES)) {
        const stack = new DataTestStack(app, name);
        const database = new Database(stack, 'Database', {
          ...base(stack, name.toLowerCase()),
          ...shape(stack),
        } as DatabaseProps);
        database.allowFrom(stack.taskSecurityGroup, 'the web service');
        stacks[name] = { stack, database };
      }
      for (const [name, shape] of Object.entries(RESTORES)) {
        const stack = new DataTestStack(app, name, 'eu-central-1');
        const database = new Database(stack, 'Database', {
          ...base(stack, name.toLowerCase()),
          ...shape(),
        } as DatabaseProps);
        database.allowFrom(stack.taskSecurityGroup, 'the web service');
        stacks[name] = { stack, database };
      }
    },
    { builtinCloudFormationValidation: false },
  );
});
afterAll(() => synth.dispose());

const template = (name: string) => Template.fromStack(stacks[name].stack);

test('every shape passes cdk-nag AwsSolutions and the Control Tower guard rules', () => {
  expectPolicyGatesPass(synth);
});

const resourceOf = (name: string, type: string) => {
  const found = Object.entries(template(name).findResources(type));
  expect(found).toHaveLength(1);
  return { id: found[0][0], properties: found[0][1].Properties as Record<string, unknown> };
};
const keyId = (name: string) => logicalIdOf(stacks[name].stack, 'Database/Key');

test.each(['Postgres', 'Mysql'])(
  '%s: an instance encrypted with its own rotating key, in the isolated subnets',
  (name) => {
    const instance = resourceOf(name, 'AWS::RDS::DBInstance').properties;
    expect(instance).toMatchObject({
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [keyId(name), 'Arn'] },
      PubliclyAccessible: false,
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [keyId(name), 'Arn'] },
      BackupRetentionPeriod: 7,
      Port: name === 'Postgres' ? '5433' : '3307',
    });
    template(name).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const subnetGroup = resourceOf(name, 'AWS::RDS::DBSubnetGroup').properties;
    expect(JSON.stringify(subnetGroup.SubnetIds)).toContain('isolatedSubnet');
    expect(JSON.stringify(subnetGroup.SubnetIds)).not.toMatch(/privateSubnet|publicSubnet/);
  },
);

test('the Aurora cluster and its Serverless v2 instances are encrypted, with Performance Insights under the key', () => {
  const cluster = resourceOf('Serverless', 'AWS::RDS::DBCluster').properties;
  expect(cluster).toMatchObject({
    StorageEncrypted: true,
    KmsKeyId: { 'Fn::GetAtt': [keyId('Serverless'), 'Arn'] },
    ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
    EnableIAMDatabaseAuthentication: true,
    Port: 5433,
  });
  template('Serverless').allResourcesProperties('AWS::RDS::DBInstance', {
    DBInstanceClass: 'db.serverless',
    EnablePerformanceInsights: true,
  });
});

test('the generated secret holds the database name, is encrypted with the key and attached to the database', () => {
  for (const [name, target] of [
    ['Postgres', 'AWS::RDS::DBInstance'],
    ['Serverless', 'AWS::RDS::DBCluster'],
    ['RestoredPostgres', 'AWS::RDS::DBInstance'],
  ]) {
    template(name).hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId(name), 'Arn'] },
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: Match.serializedJson({ username: 'dbadmin', dbname: 'app' }),
        GenerateStringKey: 'password',
      }),
    });
    template(name).hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { TargetType: target });
  }
});

test.each(Object.keys({ ...SHAPES, ...RESTORES }))(
  '%s: the database port is open to security groups only, never a CIDR',
  (name) => {
    const groupId = logicalIdOf(stacks[name].stack, 'Database/SecurityGroup');
    const ingress = ingressOf(template(name), groupId);
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule).not.toHaveProperty('CidrIp');
      expect(rule).not.toHaveProperty('CidrIpv6');
      expect(rule).not.toHaveProperty('SourcePrefixListId');
      expect(rule.SourceSecurityGroupId).toBeDefined();
    }
    const taskGroup = logicalIdOf(stacks[name].stack, 'TaskSecurityGroup');
    expect(ingress).toContainEqual(
      expect.objectContaining({
        SourceSecurityGroupId: { 'Fn::GetAtt': [taskGroup, 'GroupId'] },
        Description: 'the web service',
      }),
    );
  },
);

test('Multi-AZ where asked: a standby for the instance, a reader in the second zone for Aurora', () => {
  expect(resourceOf('Postgres', 'AWS::RDS::DBInstance').properties.MultiAZ).toBe(false);
  expect(resourceOf('Mysql', 'AWS::RDS::DBInstance').properties.MultiAZ).toBe(true);
  const zones = Object.values(template('Serverless').findResources('AWS::RDS::DBInstance')).map(
    (r) => r.Properties.AvailabilityZone,
  );
  expect(zones.sort()).toEqual(['eu-west-1a', 'eu-west-1b']);
});

test('protection follows the props: deletion protection and a final snapshot, or neither', () => {
  template('Mysql').hasResource('AWS::RDS::DBInstance', {
    Properties: Match.objectLike({ DeletionProtection: true }),
    DeletionPolicy: 'Snapshot',
  });
  template('Postgres').hasResource('AWS::RDS::DBInstance', {
    Properties: Match.objectLike({ DeletionProtection: false }),
    DeletionPolicy: 'Delete',
  });
});

test('rotation: a schedule and a rotation function in the egress subnets, let in by its security group', () => {
  template('Mysql').hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
    RotationRules: { ScheduleExpression: 'rate(30 days)' },
  });
  const app = resourceOf('Mysql', 'AWS::Serverless::Application').properties;
  expect(JSON.stringify(app.Parameters)).toMatch(/privateSubnet/);
  expect(JSON.stringify(app.Parameters)).not.toMatch(/isolatedSubnet/);
  const rotationGroup = logicalIdOf(stacks.Mysql.stack, 'Database/Instance/RotationSingleUser/SecurityGroup');
  expect(ingressOf(template('Mysql'), logicalIdOf(stacks.Mysql.stack, 'Database/SecurityGroup'))).toContainEqual(
    expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [rotationGroup, 'GroupId'] } }),
  );
  template('Postgres').resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
});

test('restores synthesize in another region from a cluster snapshot ARN or a snapshot identifier', () => {
  expect(stacks.RestoredAurora.stack.region).toBe('eu-central-1');
  expect(resourceOf('RestoredAurora', 'AWS::RDS::DBCluster').properties).toMatchObject({
    SnapshotIdentifier: 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:awsbackup:job-1',
    KmsKeyId: { 'Fn::GetAtt': [keyId('RestoredAurora'), 'Arn'] },
  });
  expect(resourceOf('RestoredPostgres', 'AWS::RDS::DBInstance').properties).toMatchObject({
    DBSnapshotIdentifier: 'shop-prod-final',
  });
});

test('log exports go to log groups made first, encrypted with the log key and expiring', () => {
  template('Mysql').hasResourceProperties('AWS::RDS::DBInstance', {
    EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
  });
  for (const log of ['audit', 'error', 'general', 'slowquery']) {
    template('Mysql').hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/rds/instance/mysql/${log}`,
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 365,
    });
  }
  template('Serverless').hasResourceProperties('AWS::Logs::LogGroup', {
    LogGroupName: '/aws/rds/cluster/serverless/postgresql',
  });
});

test('alarms notify the topic: CPU or ACU, connections, storage, and replica lag with a reader', () => {
  const alarmsOf = (name: string) =>
    Object.values(template(name).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.MetricName);
  expect(alarmsOf('Postgres').sort()).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace']);
  expect(alarmsOf('Serverless').sort()).toEqual([
    'ACUUtilization',
    'AuroraReplicaLagMaximum',
    'DatabaseConnections',
    'FreeLocalStorage',
  ]);
  template('Postgres').allResourcesProperties('AWS::CloudWatch::Alarm', {
    AlarmActions: [{ Ref: Match.stringLikeRegexp('TopicKey|Topic') }],
  });
  expect(stacks.Serverless.database.dashboardWidgets()).toHaveLength(5);
});

test('ecsSecrets: five variables from the secret, and the execution role may read exactly that secret', () => {
  const app = new App({ context: cdkJsonContext() });
  const stack = new DataTestStack(app, 'Service');
  const database = new Database(stack, 'Database', {
    ...base(stack, 'svc'),
    ...SHAPES.Postgres(stack),
  } as DatabaseProps);
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
    secrets: database.ecsSecrets(),
  });
  const rendered = Template.fromStack(stack);
  const secretRef = { Ref: logicalIdOf(stack, 'Database/Secret/Attachment') };
  rendered.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [
      Match.objectLike({
        Secrets: ['DB_HOST:host', 'DB_PORT:port', 'DB_NAME:dbname', 'DB_USER:username', 'DB_PASSWORD:password'].map(
          (pair) => {
            const [name, field] = pair.split(':');
            return { Name: name, ValueFrom: { 'Fn::Join': ['', [secretRef, `:${field}::`]] } };
          },
        ),
      }),
    ],
  });
  const policies = Object.values(rendered.findResources('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p).includes('secretsmanager:GetSecretValue'),
  );
  expect(policies).toHaveLength(1);
  const statements = policies[0].Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[];
  const secretStatements = statements.filter((st) => JSON.stringify(st.Action).includes('secretsmanager'));
  expect(secretStatements.map((st) => st.Resource)).toEqual([secretRef]);
});
