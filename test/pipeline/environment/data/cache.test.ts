import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Cache, type CacheProps, type CacheShape } from '../../../../pipeline/environment/data/cache';
import {
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';
import { DataTestStack, ingressOf, logicalIdOf } from './support';

// GIVEN the cache shapes the config can ask for, each in its own stack of one app.
const SHAPES: Record<string, Pick<CacheProps, 'engine' | 'authentication' | 'rotation'> & CacheShape> = {
  ServerlessToken: { mode: 'serverless', engine: 'valkey', authentication: 'token' },
  ServerlessIam: { mode: 'serverless', engine: 'redis', authentication: 'iam' },
  NodesToken: { mode: 'nodes', engine: 'valkey', authentication: 'token', nodeType: 'cache.t4g.small', replicas: 1 },
  NodesIamSingle: { mode: 'nodes', engine: 'redis', authentication: 'iam', nodeType: 'cache.t4g.small', replicas: 0 },
  ServerlessRotated: {
    mode: 'serverless',
    engine: 'valkey',
    authentication: 'token',
    rotation: { days: 30, functionName: 'shop-serverlessrotated-cache-rotation' },
  },
  NodesRotated: {
    mode: 'nodes',
    engine: 'redis',
    authentication: 'token',
    nodeType: 'cache.t4g.small',
    replicas: 1,
    rotation: { days: 7, functionName: 'shop-nodesrotated-cache-rotation' },
  },
};
let synth: PolicySynth;
const stacks: Record<string, { stack: DataTestStack; cache: Cache; role: iam.Role }> = {};

beforeAll(() => {
  synth = synthesizeWithPolicy((app: App) => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const stack = new DataTestStack(app, name);
      const cache = new Cache(stack, 'Cache', {
        ...shape,
        vpc: stack.network.vpc,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        identifier: `shop-${name.toLowerCase()}`,
        alarmTopic: stack.topic,
        logKey: stack.logKey,
        logRetention: logs.RetentionDays.ONE_YEAR,
      });
      cache.allowFrom(stack.taskSecurityGroup, 'the worker');
      const role = new iam.Role(stack, 'TaskRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      });
      if (shape.authentication === 'iam') cache.grantConnect(role);
      stacks[name] = { stack, cache, role };
    }
  });
});
afterAll(() => synth.dispose());

const template = (name: string) => Template.fromStack(stacks[name].stack);
const keyArn = (name: string) => ({ 'Fn::GetAtt': [logicalIdOf(stacks[name].stack, 'Cache/Key'), 'Arn'] });

test('every shape passes cdk-nag AwsSolutions', () => {
  expectGatePasses(synth, NAG);
});

guardTest('every shape passes the Control Tower guard rules', () => {
  expectGatePasses(synth, GUARD);
});

test.each(Object.keys(SHAPES))('%s: cache ports open to security groups only, never a CIDR', (name) => {
  const ingress = ingressOf(template(name), logicalIdOf(stacks[name].stack, 'Cache/SecurityGroup'));
  expect(ingress).toHaveLength(1);
  expect(ingress[0]).not.toHaveProperty('CidrIp');
  expect(ingress[0]).not.toHaveProperty('CidrIpv6');
  expect(ingress[0].SourceSecurityGroupId).toEqual({
    'Fn::GetAtt': [logicalIdOf(stacks[name].stack, 'TaskSecurityGroup'), 'GroupId'],
  });
});

test('serverless: encrypted with the key, in the isolated subnets, a token user group, ports 6379-6380', () => {
  const resources = template('ServerlessToken').findResources('AWS::ElastiCache::ServerlessCache');
  const cache = Object.values(resources)[0].Properties;
  expect(cache).toMatchObject({
    Engine: 'valkey',
    KmsKeyId: keyArn('ServerlessToken'),
    UserGroupId: 'shop-serverlesstoken',
  });
  expect(JSON.stringify(cache.SubnetIds)).toContain('isolatedSubnet');
  template('ServerlessToken').hasResourceProperties('AWS::ElastiCache::User', {
    UserName: 'default',
    Passwords: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['{{resolve:secretsmanager:'])]) })],
  });
  const ingress = ingressOf(
    template('ServerlessToken'),
    logicalIdOf(stacks.ServerlessToken.stack, 'Cache/SecurityGroup'),
  );
  expect(ingress[0]).toMatchObject({ FromPort: 6379, ToPort: 6380 });
});

test('nodes: TLS required, at-rest encryption under the key, AUTH token from Secrets Manager, Multi-AZ with a replica', () => {
  template('NodesToken').hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AtRestEncryptionEnabled: true,
    KmsKeyId: keyArn('NodesToken'),
    AuthToken: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['{{resolve:secretsmanager:'])]) }),
    MultiAZEnabled: true,
    AutomaticFailoverEnabled: true,
    ReplicasPerNodeGroup: 1,
    Port: 6390,
  });
  template('NodesToken').hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: keyArn('NodesToken') });
});

test('IAM: the default user is off, the app user signs in with IAM, and the task role may connect to this cache only', () => {
  template('NodesIamSingle').hasResourceProperties('AWS::ElastiCache::User', {
    UserName: 'default',
    AccessString: 'off -@all',
  });
  template('NodesIamSingle').hasResourceProperties('AWS::ElastiCache::User', {
    UserName: 'shop-nodesiamsingle-app',
    AuthenticationMode: { Type: 'iam' },
  });
  template('NodesIamSingle').hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
    UserGroupIds: ['shop-nodesiamsingle'],
    AuthToken: Match.absent(),
    MultiAZEnabled: false,
  });
  template('NodesIamSingle').hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        Match.objectLike({
          Action: 'elasticache:Connect',
          Resource: [
            'arn:aws:elasticache:eu-west-1:222222222222:replicationgroup:shop-nodesiamsingle',
            'arn:aws:elasticache:eu-west-1:222222222222:user:shop-nodesiamsingle-app',
          ],
        }),
      ],
    },
  });
  template('NodesIamSingle').resourceCountIs('AWS::SecretsManager::Secret', 0);
});

test('what services receive: host, port and TLS as variables; the token as an ECS secret', () => {
  const token = stacks.NodesToken.cache;
  expect(Object.keys(token.environment())).toEqual(['CACHE_HOST', 'CACHE_PORT', 'CACHE_TLS']);
  expect(token.environment().CACHE_TLS).toBe('true');
  expect(token.environment().CACHE_PORT).toBe('6390');
  expect(Object.keys(token.ecsSecrets())).toEqual(['CACHE_AUTH_TOKEN']);
  const iamCache = stacks.ServerlessIam.cache;
  expect(iamCache.environment()).toMatchObject({ CACHE_PORT: '6379', CACHE_USER: 'shop-serverlessiam-app' });
  expect(iamCache.ecsSecrets()).toEqual({});
});

test('alarms on CPU, memory and evictions per node, notifying the topic; widgets for hits/misses and evictions', () => {
  const metrics = (name: string) =>
    Object.values(template(name).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.MetricName as string);
  expect(metrics('NodesToken').sort()).toEqual([
    'DatabaseMemoryUsagePercentage',
    'DatabaseMemoryUsagePercentage',
    'EngineCPUUtilization',
    'EngineCPUUtilization',
    'Evictions',
    'Evictions',
  ]);
  expect(metrics('ServerlessToken').sort()).toEqual(['Evictions', 'ThrottledCmds']);
  template('NodesToken').allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [Match.anyValue()] });
  expect(stacks.NodesToken.cache.dashboardWidgets()).toHaveLength(4);
});

describe('a rotated token', () => {
  const only = <T>(found: Record<string, T>): [string, T] => {
    const entries = Object.entries(found);
    expect(entries).toHaveLength(1);
    return entries[0];
  };

  test('is the user group default user password on a node-based cache too, never also its AUTH token', () => {
    const group = only(template('NodesRotated').findResources('AWS::ElastiCache::ReplicationGroup'))[1];
    expect(group.Properties.UserGroupIds).toEqual(['shop-nodesrotated']);
    expect(group.Properties).not.toHaveProperty('AuthToken');
    template('NodesRotated').hasResourceProperties('AWS::ElastiCache::User', {
      UserId: 'shop-nodesrotated-default',
      UserName: 'default',
      Passwords: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['{{resolve:secretsmanager:'])]) })],
    });
  });

  test.each([
    ['ServerlessRotated', 30],
    ['NodesRotated', 7],
  ])(
    '%s: one schedule, every %i days from midnight UTC for 3 hours, not at creation, by the tool function outside the VPC',
    (name, days) => {
      const t = template(name);
      const [functionId, fn] = only(
        t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.anyValue() } } }),
      );
      expect(fn.Properties).toMatchObject({
        FunctionName: `shop-${name.toLowerCase()}-cache-rotation`,
        Environment: { Variables: { CACHE_USER_ID: `shop-${name.toLowerCase()}-default` } },
      });
      expect(fn.Properties).not.toHaveProperty('VpcConfig');
      const secretId = logicalIdOf(stacks[name].stack, 'Cache/Auth/Token/Resource');
      const [, schedule] = only(t.findResources('AWS::SecretsManager::RotationSchedule'));
      expect(schedule.Properties).toEqual({
        SecretId: { Ref: secretId },
        RotationLambdaARN: { 'Fn::GetAtt': [functionId, 'Arn'] },
        RotationRules: { ScheduleExpression: `rate(${days} days)`, Duration: '3h' },
        RotateImmediatelyOnUpdate: false,
      });
      // It waits for the user group and the cache that took it; Secrets Manager may invoke the function for this secret only.
      expect(schedule.DependsOn).toEqual(
        expect.arrayContaining([
          logicalIdOf(stacks[name].stack, 'Cache/Auth/UserGroup'),
          logicalIdOf(stacks[name].stack, name === 'NodesRotated' ? 'Cache/ReplicationGroup' : 'Cache/Serverless'),
          expect.stringMatching(/Invoke/),
        ]),
      );
      t.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'secretsmanager.amazonaws.com',
        SourceArn: { Ref: secretId },
        SourceAccount: '222222222222',
      });
    },
  );

  test("the function's role changes that one user's passwords and writes that one secret", () => {
    const statements = Object.values(template('NodesRotated').findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const on = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource);
    expect(on('elasticache:ModifyUser')).toEqual([
      'arn:aws:elasticache:eu-west-1:222222222222:user:shop-nodesrotated-default',
    ]);
    expect(on('elasticache:DescribeUserGroups')).toEqual([
      'arn:aws:elasticache:eu-west-1:222222222222:usergroup:shop-nodesrotated',
    ]);
    expect(on('secretsmanager:PutSecretValue')).toEqual([
      { Ref: logicalIdOf(stacks.NodesRotated.stack, 'Cache/Auth/Token/Resource') },
    ]);
  });

  // CloudFormation resolves the token's dynamic reference again whenever it updates the user (any property) and
  // generates a new token whenever the generator changes: either would drop the previous token (or set one the user
  // does not hold) under running tasks. A change here needs a migration, not just a deploy.
  test('the default user and the token generator are exactly these, so no deploy rewrites a rotated password', () => {
    const t = template('NodesRotated');
    const tokenId = logicalIdOf(stacks.NodesRotated.stack, 'Cache/Auth/Token/Resource');
    const [, user] = only(t.findResources('AWS::ElastiCache::User'));
    expect(user.Properties).toEqual({
      Engine: 'redis',
      UserId: 'shop-nodesrotated-default',
      UserName: 'default',
      AccessString: 'on ~* &* +@all',
      Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: tokenId }, ':SecretString:::}}']] }],
    });
    expect(t.findResources('AWS::SecretsManager::Secret')[tokenId].Properties.GenerateSecretString).toEqual({
      ExcludePunctuation: true,
      PasswordLength: 64,
    });
  });

  test('no other shape has a rotation schedule', () => {
    for (const name of ['ServerlessToken', 'NodesToken', 'ServerlessIam', 'NodesIamSingle'])
      template(name).resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});
