import { Match, type Template } from 'aws-cdk-lib/assertions';
import { join } from 'node:path';
import { loadConfig } from '../../../../model/config';
import { REPO_ROOT } from '../../../support/configs';
import { synthesized } from '../../../support/synthesized';

// (Its policy gates, preflight and cfn-lint were run on this fixture with the real `cdk synth`; CI runs them too.)
// GIVEN a web service with an uploads volume, a worker that shares it read-only, a media bucket the web service
// writes and the worker reads, a nightly job on the web service, and a database whose backup plan exists.
const config = loadConfig(join(REPO_ROOT, 'test', 'fixtures', 'storage-jobs.yaml'), REPO_ROOT);
const staging: Template = synthesized(config).environments.staging;

type Resources = Record<string, { Properties: Record<string, unknown>; DependsOn?: unknown }>;
const resources = (type: string) => staging.findResources(type) as Resources;
const only = (type: string) => {
  const found = Object.entries(resources(type));
  expect(found).toHaveLength(1);
  return found[0];
};
const taskDefinition = (family: string) =>
  Object.values(resources('AWS::ECS::TaskDefinition')).find((d) => d.Properties.Family === family)!;
const policiesOf = (rolePrefix: string) =>
  JSON.stringify(
    Object.values(resources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix)),
  );

describe('EFS volumes', () => {
  test('the web task mounts its volume through its access point with transit encryption and IAM authorization', () => {
    const web = taskDefinition('files-staging-web');
    const [accessPointId] = Object.entries(resources('AWS::EFS::AccessPoint')).find(([id]) => id.includes('web'))!;
    const [fileSystemId] = only('AWS::EFS::FileSystem');
    expect(web.Properties.Volumes).toEqual([
      {
        Name: 'efs-uploads',
        EFSVolumeConfiguration: {
          FilesystemId: { Ref: fileSystemId },
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: { Ref: accessPointId }, IAM: 'ENABLED' },
        },
      },
    ]);
    const [app] = web.Properties.ContainerDefinitions as { MountPoints: unknown }[];
    expect(app.MountPoints).toEqual([{ ContainerPath: '/app/uploads', ReadOnly: false, SourceVolume: 'efs-uploads' }]);
  });

  test("each service's access point enforces its POSIX user on the shared directory", () => {
    const points = Object.entries(resources('AWS::EFS::AccessPoint'));
    expect(points).toHaveLength(2);
    for (const [, point] of points) {
      expect(point.Properties).toMatchObject({
        PosixUser: { Uid: '1001', Gid: '1001' },
        RootDirectory: { Path: '/uploads', CreationInfo: { OwnerUid: '1001', OwnerGid: '1001', Permissions: '750' } },
      });
    }
  });

  test('the file system is encrypted, retained, and its policy denies any access without TLS', () => {
    const [, fileSystem] = only('AWS::EFS::FileSystem');
    expect(fileSystem.Properties.Encrypted).toBe(true);
    expect(fileSystem.Properties.FileSystemPolicy).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    });
    staging.hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Retain' });
  });

  test('the web task role may mount and write, the read-only worker only mount, each through its own access point', () => {
    const web = policiesOf('ServicewebTaskTaskRole');
    const worker = policiesOf('ServiceworkerTaskTaskRole');
    expect(web).toContain('elasticfilesystem:ClientWrite');
    expect(worker).toContain('elasticfilesystem:ClientMount');
    expect(worker).not.toContain('elasticfilesystem:ClientWrite');
    const condition = (service: string) =>
      new RegExp(
        `"elasticfilesystem:AccessPointArn":\\{"Fn::Join":\\["",\\["arn:aws:elasticfilesystem:[^"]+:access-point/",\\{"Ref":"StorageAndJobsFilesAccessPoint${service}`,
      );
    expect(web).toMatch(condition('web'));
    expect(worker).toMatch(condition('worker'));
  });

  test('NFS reaches the file system only from the security groups of the services that mount it', () => {
    const ingress = Object.values(resources('AWS::EC2::SecurityGroupIngress')).filter((rule) =>
      JSON.stringify(rule.Properties.GroupId).includes('FilesFileSystemEfsSecurityGroup'),
    );
    expect(ingress.map((rule) => JSON.stringify(rule.Properties.SourceSecurityGroupId)).sort()).toEqual([
      expect.stringContaining('ServicewebSecurityGroup'),
      expect.stringContaining('ServiceworkerSecurityGroup'),
    ]);
    for (const rule of ingress) expect(rule.Properties).toMatchObject({ FromPort: 2049, ToPort: 2049 });
  });

  test("a mount target in each private subnet, and the file system in the environment's backup plan", () => {
    expect(Object.keys(resources('AWS::EFS::MountTarget'))).toHaveLength(2);
    const [fileSystemId] = only('AWS::EFS::FileSystem');
    const selections = JSON.stringify(resources('AWS::Backup::BackupSelection'));
    expect(selections).toContain(`:file-system/",{"Ref":"${fileSystemId}"}`);
  });
});

describe('application buckets', () => {
  test('the bucket is private, TLS only, versioned and KMS-encrypted, with access logs', () => {
    const [id, bucket] = Object.entries(resources('AWS::S3::Bucket')).find(([key]) => key.includes('Bucketmedia'))!;
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          expect.objectContaining({
            ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
      LoggingConfiguration: expect.objectContaining({ LogFilePrefix: 'media/' }),
    });
    staging.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the web service may write the bucket, the worker only read it, and both receive its name as MEDIA_BUCKET', () => {
    expect(policiesOf('ServicewebTaskTaskRole')).toContain('s3:PutObject');
    const worker = policiesOf('ServiceworkerTaskTaskRole');
    expect(worker).toContain('s3:GetObject');
    expect(worker).not.toContain('s3:PutObject');
    expect(worker).not.toContain('s3:DeleteObject');
    for (const family of ['files-staging-web', 'files-staging-worker']) {
      const [app] = taskDefinition(family).Properties.ContainerDefinitions as {
        Environment: { Name: string; Value: unknown }[];
      }[];
      expect(app.Environment).toContainEqual({
        Name: 'MEDIA_BUCKET',
        Value: { Ref: expect.stringContaining('Bucketmedia') },
      });
    }
  });
});

describe('scheduled jobs', () => {
  const [, schedule] = only('AWS::Scheduler::Schedule');
  const target = schedule.Properties.Target as Record<string, Record<string, unknown>>;

  test("the schedule runs the web service's family without a revision, with the command, time zone and retries", () => {
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    expect(target.EcsParameters).toMatchObject({
      TaskDefinitionArn: 'arn:aws:ecs:eu-central-1:222222222222:task-definition/files-staging-web',
      LaunchType: 'FARGATE',
      PlatformVersion: '1.4.0',
      Group: 'job:nightly',
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    expect(JSON.parse(target.Input as unknown as string)).toEqual({
      containerOverrides: [{ name: 'app', command: ['python', 'manage.py', 'clearsessions'] }],
    });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
  });

  test('undelivered runs go to an encrypted dead-letter queue the scheduler role may send to', () => {
    const [queueId, queue] = Object.entries(resources('AWS::SQS::Queue')).find(([id]) => id.includes('Jobnightly'))!;
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    expect(policiesOf('JobnightlySchedulerRole')).toContain('sqs:SendMessage');
  });

  test('the scheduler role runs only that family on this cluster and passes only its two roles to ECS tasks', () => {
    const policy = JSON.parse(policiesOf('JobnightlySchedulerRole'))[0].Properties.PolicyDocument.Statement as {
      Action: unknown;
      Resource: unknown;
      Condition?: unknown;
    }[];
    const runTask = policy.find((s) => s.Action === 'ecs:RunTask')!;
    expect(runTask.Resource).toBe('arn:aws:ecs:eu-central-1:222222222222:task-definition/files-staging-web:*');
    expect(runTask.Condition).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } });
    const passRole = policy.find((s) => s.Action === 'iam:PassRole')!;
    expect(passRole.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    const passed = (passRole.Resource as { 'Fn::GetAtt': [string, string] }[]).map((r) => r['Fn::GetAtt'][0]);
    expect(passed.sort()).toEqual([
      expect.stringMatching(/^ServicewebTaskExecutionRole/),
      expect.stringMatching(/^ServicewebTaskTaskRole/),
    ]);
  });

  test("a stopped task of the job's group with a non-zero exit, or that failed to start, reaches the queue and alarms", () => {
    const [, rule] = Object.entries(resources('AWS::Events::Rule')).find(([id]) => id.includes('JobnightlyFailedRun'))!;
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        group: ['job:nightly'],
        lastStatus: ['STOPPED'],
        $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
      },
    });
    const [, alarm] = Object.entries(resources('AWS::CloudWatch::Alarm')).find(([id]) =>
      id.includes('JobnightlyRunFailed'),
    )!;
    expect(alarm.Properties).toMatchObject({
      MetricName: 'NumberOfMessagesSent',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      AlarmActions: [{ Ref: expect.stringContaining('AlarmsTopic') }],
    });
  });
});
