import { changedPaths, diffResources } from '../../../core/diff';
import type { TemplateResource } from '../../../core/preflight';

const service = (properties: Record<string, unknown>, controller = 'CODE_DEPLOY'): TemplateResource => ({
  Type: 'AWS::ECS::Service',
  Properties: {
    Cluster: 'shop-prod',
    ServiceName: 'shop-prod',
    DeploymentController: { Type: controller },
    DesiredCount: 2,
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'Blue' } }],
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] } },
    PlatformVersion: '1.4.0',
    TaskDefinition: 'shop-prod',
    ...properties,
  } as TemplateResource['Properties'],
});
const resource = (Type: string, Properties: Record<string, unknown>, DeletionPolicy?: string): TemplateResource => ({
  Type,
  Properties: Properties as TemplateResource['Properties'],
  ...(DeletionPolicy ? { DeletionPolicy } : {}),
});

/** The marks of the change from `before` to `after` of one resource with the logical id R. */
const marksOf = (before: TemplateResource | undefined, after: TemplateResource | undefined) =>
  diffResources(before ? { R: before } : {}, after ? { R: after } : {}).flatMap((c) => c.marks.map((m) => m.word));

describe('changedPaths', () => {
  test('names each leaf that differs, with list indexes, and keys added or removed', () => {
    expect(
      changedPaths(
        { A: [{ Port: 80, Name: 'x' }], B: { C: 1 }, D: 'same' },
        { A: [{ Port: 81, Name: 'x' }, { Port: 82 }], B: {}, D: 'same', E: true },
      ),
    ).toEqual(['A[0].Port', 'A[1]', 'B.C', 'E']);
  });
});

describe('marks of a CODE_DEPLOY service', () => {
  test.each([
    [
      'LoadBalancers',
      { LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8081, TargetGroupArn: { Ref: 'Blue' } }] },
    ],
    ['NetworkConfiguration', { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-3'] } } }],
    ['PlatformVersion', { PlatformVersion: 'LATEST' }],
    ['TaskDefinition', { TaskDefinition: { Ref: 'TaskDefinition' } }],
    [
      'ServiceRegistries',
      { ServiceRegistries: [{ RegistryArn: 'arn:aws:servicediscovery:eu-west-1:1:service/srv-1' }] },
    ],
    ['EnableExecuteCommand', { EnableExecuteCommand: true }],
  ])('a change of %s is REFUSED, naming the property', (property, change) => {
    const [found] = diffResources({ R: service({}) }, { R: service(change) });

    expect(found.marks).toEqual([
      {
        word: 'REFUSED',
        reason: expect.stringContaining(`CloudFormation refuses to update ${property} of a service with a CODE_DEPLOY`),
      },
    ]);
  });

  test.each([
    ['DesiredCount', { DesiredCount: 4 }],
    ['HealthCheckGracePeriodSeconds', { HealthCheckGracePeriodSeconds: 60 }],
    ['Tags', { Tags: [{ Key: 'team', Value: 'a' }] }],
  ])('a change of %s is not marked', (_, change) => {
    expect(marksOf(service({}), service(change))).toEqual([]);
  });

  test('the same load-balancer change on a service with the ECS controller is not REFUSED, only marked ROLLS', () => {
    const change = { LoadBalancers: [] };
    expect(marksOf(service({}, 'ECS'), service(change, 'ECS'))).toEqual(['ROLLS']);
  });

  test('switching a service to CODE_DEPLOY is REFUSED; renaming a CODE_DEPLOY service REPLACES it', () => {
    expect(marksOf(service({}, 'ECS'), service({}, 'CODE_DEPLOY'))).toEqual(['REFUSED']);
    expect(marksOf(service({}), service({ ServiceName: 'shop-prod-2' }))).toEqual(['REPLACES']);
  });
});

describe('marks of stateful resources', () => {
  test.each([
    ['AWS::RDS::DBInstance', { DBName: 'counts' }, { DBName: 'totals' }, 'DBName'],
    ['AWS::RDS::DBCluster', { StorageEncrypted: false }, { StorageEncrypted: true }, 'StorageEncrypted'],
    ['AWS::S3::Bucket', { BucketName: 'a' }, { BucketName: 'b' }, 'BucketName'],
    ['AWS::EFS::FileSystem', { Encrypted: false }, { Encrypted: true }, 'Encrypted'],
    ['AWS::DynamoDB::Table', { TableName: 'a' }, { TableName: 'b' }, 'TableName'],
    ['AWS::ElastiCache::ReplicationGroup', { Port: 6379 }, { Port: 6380 }, 'Port'],
  ])('%s: a change of %j to %j REPLACES it, naming %s', (type, before, after, property) => {
    const [found] = diffResources({ R: resource(type, before) }, { R: resource(type, after) });

    expect(found.marks).toEqual([
      { word: 'REPLACES', reason: expect.stringContaining(`a change of ${property} replaces this ${type}`) },
    ]);
  });

  test('a change that updates in place (AllocatedStorage) is not marked', () => {
    expect(
      marksOf(
        resource('AWS::RDS::DBInstance', { AllocatedStorage: '20' }),
        resource('AWS::RDS::DBInstance', { AllocatedStorage: '40' }),
      ),
    ).toEqual([]);
  });

  test('removing a database DELETES it, unless its DeletionPolicy keeps it; removing a security group is not marked', () => {
    expect(marksOf(resource('AWS::RDS::DBInstance', {}), undefined)).toEqual(['DELETES']);
    expect(marksOf(resource('AWS::RDS::DBInstance', {}, 'Snapshot'), undefined)).toEqual([]);
    expect(marksOf(resource('AWS::S3::Bucket', {}, 'Retain'), undefined)).toEqual([]);
    expect(marksOf(resource('AWS::EC2::SecurityGroup', {}), undefined)).toEqual([]);
  });

  test('a resource whose type changed under the same logical id is REFUSED', () => {
    expect(marksOf(resource('AWS::SQS::Queue', {}), resource('AWS::SNS::Topic', {}))).toEqual(['REFUSED']);
  });
});
