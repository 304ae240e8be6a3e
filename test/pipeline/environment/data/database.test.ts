import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Database } from '../../../../pipeline/environment/data/database';
import {
  acknowledgementsIn,
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';
import { RESTORES, SHAPES, databaseProps } from './database-shapes';
import { DataTestStack, ingressOf, logicalIdOf } from './support';

// GIVEN one app with the shapes the config can ask for: a single-AZ PostgreSQL instance (staging),
// a Multi-AZ protected MySQL instance with rotation (prod), Aurora Serverless v2 with a reader, and a
// provisioned Aurora MySQL cluster and a PostgreSQL instance restored from snapshots in another region.
let synth: PolicySynth;
const stacks: Record<string, { stack: DataTestStack; database: Database }> = {};

beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const stack = new DataTestStack(app, name);
      const database = new Database(stack, 'Database', databaseProps(stack, name.toLowerCase(), shape));
      database.allowFrom(stack.taskSecurityGroup, 'the web service');
      stacks[name] = { stack, database };
    }
    for (const [name, shape] of Object.entries(RESTORES)) {
      const stack = new DataTestStack(app, name, 'eu-central-1');
      const database = new Database(stack, 'Database', databaseProps(stack, name.toLowerCase(), shape));
      database.allowFrom(stack.taskSecurityGroup, 'the web service');
      stacks[name] = { stack, database };
    }
  });
});
afterAll(() => synth.dispose());

const template = (name: string) => Template.fromStack(stacks[name].stack);

test('every shape passes cdk-nag AwsSolutions', () => {
  expectGatePasses(synth, NAG);
});

guardTest('every shape passes the Control Tower guard rules', () => {
  expectGatePasses(synth, GUARD);
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

const functionOf = (name: string, path: string) => logicalIdOf(stacks[name].stack, path);

test("rotation: the tool's function in the egress subnets rotates both secrets, invoked by Secrets Manager for each", () => {
  const rotation = functionOf('Mysql', 'Database/Rotation/Function');
  const schedules = Object.values(template('Mysql').findResources('AWS::SecretsManager::RotationSchedule'));
  expect(schedules.map((s) => s.Properties)).toEqual([
    {
      SecretId: { Ref: functionOf('Mysql', 'Database/Secret/Attachment') },
      RotationLambdaARN: { 'Fn::GetAtt': [rotation, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    },
    {
      SecretId: { Ref: functionOf('Mysql', 'Database/Users/Secret/Attachment') },
      RotationLambdaARN: { 'Fn::GetAtt': [rotation, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    },
  ]);
  // No Serverless Application Repository app: its transform is what protected templates may not declare.
  template('Mysql').resourceCountIs('AWS::Serverless::Application', 0);
  expect(template('Mysql').toJSON().Transform).toBeUndefined();
  const fn = template('Mysql').findResources('AWS::Lambda::Function')[rotation].Properties;
  expect(fn.FunctionName).toBe('shop-prod-database-rotation');
  expect(JSON.stringify(fn.VpcConfig.SubnetIds)).toMatch(/privateSubnet/);
  expect(JSON.stringify(fn.VpcConfig.SubnetIds)).not.toMatch(/isolatedSubnet/);
  const permissions = Object.values(template('Mysql').findResources('AWS::Lambda::Permission')).map(
    (p) => p.Properties,
  );
  expect(permissions).toEqual(
    expect.arrayContaining(
      schedules.map((s) =>
        expect.objectContaining({
          FunctionName: { 'Fn::GetAtt': [rotation, 'Arn'] },
          Principal: 'secretsmanager.amazonaws.com',
          SourceAccount: stacks.Mysql.stack.account,
          SourceArn: s.Properties.SecretId,
        }),
      ),
    ),
  );
  const rotationGroup = functionOf('Mysql', 'Database/Rotation/SecurityGroup');
  expect(ingressOf(template('Mysql'), functionOf('Mysql', 'Database/SecurityGroup'))).toContainEqual(
    expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [rotationGroup, 'GroupId'] } }),
  );
  template('Postgres').resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
});

test("the master secret's schedule keeps the logical id AWS's rotation application gave it, so an upgrade updates it in place", () => {
  // GIVEN the database as the tool built it before: the master secret rotated by CDK's addRotationSingleUser.
  const before = new DataTestStack(new App(), 'Before');
  const scope = new Construct(before, 'Database');
  const instance = new rds.DatabaseInstance(scope, 'Instance', {
    engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_3 }),
    vpc: before.network.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    credentials: rds.Credentials.fromSecret(new rds.DatabaseSecret(scope, 'Secret', { username: 'dbadmin' })),
  });
  instance.addRotationSingleUser({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  const old = Object.keys(Template.fromStack(before).findResources('AWS::SecretsManager::RotationSchedule'));
  expect(old).toHaveLength(1);
  const master = Object.entries(template('Mysql').findResources('AWS::SecretsManager::RotationSchedule'))
    .filter(([, r]) => r.Properties.SecretId.Ref === functionOf('Mysql', 'Database/Secret/Attachment'))
    .map(([id]) => id);
  expect(master).toEqual(old);
});

test("the application user: its own secret, naming the master's, and the custom resource that makes it", () => {
  const { database } = stacks.Mysql;
  expect(database.users).toBeDefined();
  const secrets = template('Mysql').findResources('AWS::SecretsManager::Secret');
  const application = secrets[functionOf('Mysql', 'Database/Users/Secret')].Properties.GenerateSecretString;
  // {"username":"application","dbname":"app","masterarn":"<the master secret's attachment>"}
  expect(application.SecretStringTemplate).toEqual({
    'Fn::Join': [
      '',
      [
        '{"username":"application","dbname":"app","masterarn":"',
        { Ref: functionOf('Mysql', 'Database/Secret/Attachment') },
        '"}',
      ],
    ],
  });
  const users = Object.values(template('Mysql').findResources('Custom::DatabaseUsers'));
  expect(users).toHaveLength(1);
  expect(users[0].Properties).toMatchObject({
    MasterSecretArn: { Ref: functionOf('Mysql', 'Database/Secret/Attachment') },
    ApplicationSecretArn: { Ref: functionOf('Mysql', 'Database/Users/Secret/Attachment') },
    EngineFamily: 'mysql',
    DatabaseName: 'app',
  });
  expect(users[0].DependsOn).toContain(functionOf('Mysql', 'Database/Instance'));
  const fn = template('Mysql').findResources('AWS::Lambda::Function')[functionOf('Mysql', 'Database/Users/Function')];
  expect(fn.Properties.FunctionName).toBe('shop-prod-database-users');
  // Nothing it acts on comes from variables (Verify refuses any a candidate adds).
  expect(fn.Properties.Environment).toBeUndefined();
  // Services receive the application user's credentials; a database without one gives the master's.
  expect(JSON.stringify(stacks.Mysql.stack.resolve(database.ecsSecrets().DB_PASSWORD.arn))).toContain(
    functionOf('Mysql', 'Database/Users/Secret/Attachment'),
  );
  expect(
    JSON.stringify(stacks.Postgres.stack.resolve(stacks.Postgres.database.ecsSecrets().DB_PASSWORD.arn)),
  ).toContain(functionOf('Postgres', 'Database/Secret/Attachment'));
});

test('the users function reads only the two secrets, and decrypts only through Secrets Manager', () => {
  const role = functionOf('Mysql', 'Database/Users/Role');
  const statements = Object.values(template('Mysql').findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
  const secretReads = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
  expect(secretReads).toEqual([
    expect.objectContaining({
      Action: 'secretsmanager:GetSecretValue',
      Resource: [
        { Ref: functionOf('Mysql', 'Database/Secret/Attachment') },
        { Ref: functionOf('Mysql', 'Database/Users/Secret/Attachment') },
      ],
    }),
  ]);
  expect(statements).toContainEqual(
    expect.objectContaining({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    }),
  );
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

test('MySQL writes the logs it exports: general and slow query logs to files, audit log by the MariaDB plugin', () => {
  const mysql = template('Mysql');
  const [instance] = Object.values(mysql.findResources('AWS::RDS::DBInstance'));
  const parameterGroupId = instance.Properties.DBParameterGroupName.Ref;
  const optionGroupId = instance.Properties.OptionGroupName.Ref;
  expect(mysql.toJSON().Resources[parameterGroupId].Properties.Parameters).toEqual({
    general_log: '1',
    slow_query_log: '1',
    log_output: 'FILE',
    require_secure_transport: '1',
  });
  expect(mysql.toJSON().Resources[optionGroupId].Properties.OptionConfigurations).toEqual([
    {
      OptionName: 'MARIADB_AUDIT_PLUGIN',
      OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DDL,QUERY_DCL' }],
    },
  ]);
});

test('Aurora MySQL writes the logs it exports: log parameters and Advanced Auditing in the cluster parameter group', () => {
  const aurora = template('RestoredAurora');
  const [cluster] = Object.values(aurora.findResources('AWS::RDS::DBCluster'));
  const groupId = cluster.Properties.DBClusterParameterGroupName.Ref;
  expect(aurora.toJSON().Resources[groupId]).toMatchObject({
    Type: 'AWS::RDS::DBClusterParameterGroup',
    Properties: {
      Parameters: {
        general_log: '1',
        slow_query_log: '1',
        log_output: 'FILE',
        server_audit_logging: '1',
        server_audit_events: 'CONNECT,QUERY_DDL,QUERY_DCL',
        require_secure_transport: 'ON',
      },
    },
  });
});

test('PostgreSQL 16 requiring TLS keeps the default parameter group, which already sets rds.force_ssl; no option group', () => {
  const [instance] = Object.values(template('Postgres').findResources('AWS::RDS::DBInstance'));
  expect(instance.Properties.DBParameterGroupName).toBeUndefined();
  expect(instance.Properties.OptionGroupName).toBeUndefined();
});

test.each([
  ['Serverless', 'aurora-postgresql 16 requiring TLS', 'AWS::RDS::DBCluster', 'DBClusterParameterGroupName', '1'],
  ['RestoredPostgres', 'postgres 16 accepting plain text', 'AWS::RDS::DBInstance', 'DBParameterGroupName', '0'],
])(
  '%s (%s): where the default group says otherwise, a group of its own sets rds.force_ssl to %s',
  (name, _, type, groupProperty, forceSsl) => {
    const [resource] = Object.values(template(name).findResources(type));
    const group = template(name).toJSON().Resources[resource.Properties[groupProperty].Ref];
    expect(group.Properties.Parameters).toEqual({ 'rds.force_ssl': forceSsl });
  },
);

test('only the database that allows connections without TLS acknowledges the Control Tower TLS rule', () => {
  const tlsRule = /::rds_db_(cluster_)?parameter_group_tls_check$/;
  const acknowledging = acknowledgementsIn(synth.app)
    .filter((a) => tlsRule.test(a.id))
    .map((a) => a.construct.node.path);
  expect(acknowledging).toEqual(['RestoredPostgres/Database/TlsParameters']);
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

test('acknowledgements sit on the database constructs, never on a stack, each with a reason', () => {
  const acknowledged = acknowledgementsIn(synth.app).filter((a) => a.construct.node.path.includes('/Database'));
  expect(acknowledged.length).toBeGreaterThan(0);
  for (const { id, reason, construct } of acknowledged) {
    expect({ id, onStack: construct instanceof Stack }).toEqual({ id, onStack: false });
    expect(reason.length).toBeGreaterThan(60);
  }
});
