import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { backupNames } from '../../../../model/backups/backup-names';
import { EnvironmentBackupPlan } from '../../../../pipeline/environment/data/backup-plan';
import { Database } from '../../../../pipeline/environment/data/database';
import { DrVaultStack } from '../../../../pipeline/environment/data/dr-vault-stack';
import {
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';
import { testApp } from '../../../support/test-app';
import { DataTestStack, logicalIdOf } from './support';

// GIVEN "3 years, daily, monthly kept 10 years, copied to eu-central-1, vault lock" for shop/prod in
// eu-west-1: the DR vault's stack in eu-central-1, and the environment's stack with a database and the plan.
const names = backupNames('shop', 'prod');
const lock = { minRetentionDays: 1095, maxRetentionDays: 3650 };
let synth: PolicySynth;
let dr: DrVaultStack;
let env: DataTestStack;
let database: Database;
let plan: EnvironmentBackupPlan;

beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    dr = new DrVaultStack(app, 'ShopProdDrVault', {
      env: { account: '222222222222', region: 'eu-central-1' },
      vaultName: names.drVault,
      vaultLock: lock,
    });
    env = new DataTestStack(app, 'ShopProd');
    database = new Database(env, 'Database', {
      vpc: env.network.vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      identifier: 'shop-prod',
      engine: 'aurora-postgresql',
      version: '16',
      databaseName: 'app',
      serverless: { minCapacity: 0.5, maxCapacity: 4 },
      multiAz: true,
      deletionProtection: true,
      backupRetentionDays: 7,
      performanceInsights: true,
      iamAuthentication: true,
      requireTls: true,
      alarmTopic: env.topic,
      logKey: env.logKey,
      logRetention: logs.RetentionDays.ONE_YEAR,
    });
    database.allowFrom(env.taskSecurityGroup, 'the web service');
    plan = new EnvironmentBackupPlan(env, 'Backup', {
      names,
      settings: {
        retentionDays: 1095,
        schedule: 'daily',
        monthly: { retentionDays: 3650 },
        copyToRegion: 'eu-central-1',
        vaultLock: lock,
      },
      resourceArns: [database.resourceArn],
    });
    env.addStackDependency(dr, 'the backup plan copies into the DR vault, which must exist first');
  });
});
afterAll(() => synth.dispose());

test('the plan, the vaults and the database pass cdk-nag AwsSolutions', () => {
  expectGatePasses(synth, NAG);
});

guardTest('the plan, the vaults and the database pass the Control Tower guard rules', () => {
  expectGatePasses(synth, GUARD);
});

test('daily recovery points kept 1095 days, each copied to the DR vault in eu-central-1 and kept 1095 days there', () => {
  const drVaultArn = 'arn:aws:backup:eu-central-1:222222222222:backup-vault:shop-prod-dr';
  expect(plan.drVaultArn).toBe(drVaultArn);
  Template.fromStack(env).hasResourceProperties('AWS::Backup::BackupPlan', {
    BackupPlan: {
      BackupPlanName: 'shop-prod',
      BackupPlanRule: [
        Match.objectLike({
          RuleName: 'daily',
          ScheduleExpression: 'cron(0 3 * * ? *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 180,
          Lifecycle: { DeleteAfterDays: 1095 },
          TargetBackupVault: Match.anyValue(),
          CopyActions: [{ DestinationBackupVaultArn: drVaultArn, Lifecycle: { DeleteAfterDays: 1095 } }],
        }),
        Match.objectLike({
          RuleName: 'monthly',
          ScheduleExpression: 'cron(0 4 1 * ? *)',
          Lifecycle: { DeleteAfterDays: 3650 },
          CopyActions: [{ DestinationBackupVaultArn: drVaultArn, Lifecycle: { DeleteAfterDays: 3650 } }],
        }),
      ],
    },
  });
});

test('the selection covers the database', () => {
  Template.fromStack(env).hasResourceProperties('AWS::Backup::BackupSelection', {
    BackupSelection: Match.objectLike({
      SelectionName: 'shop-prod-data',
      Resources: [
        Match.objectLike({
          'Fn::Join': [
            '',
            ['arn:aws:rds:eu-west-1:222222222222:cluster:', { Ref: logicalIdOf(env, 'Database/Cluster') }],
          ],
        }),
      ],
    }),
  });
});

test('both vaults: fixed names, encrypted with their own rotating key, locked, recovery points undeletable, kept except when their own create rolls back', () => {
  for (const [stack, name] of [
    [env, 'shop-prod'],
    [dr, 'shop-prod-dr'],
  ] as const) {
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        BackupVaultName: name,
        EncryptionKeyArn: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }),
        LockConfiguration: { MinRetentionDays: 1095, MaxRetentionDays: 3650 },
        AccessPolicy: Match.objectLike({
          Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })],
        }),
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  }
  expect(dr.region).toBe('eu-central-1');
});

test('the DR vault stack is deployed before the stack holding the plan', () => {
  expect(env.dependencies).toContain(dr);
  const manifest = synth.app.synth().getStackByName(env.stackName);
  expect(manifest.dependencies.map((d) => d.id)).toContain(dr.artifactId);
});

test('without copyToRegion: no copy actions, no DR vault', () => {
  // A plan in a stack of its own app (no policy gate needed: same constructs as above).
  const app = testApp();
  const stack = new DataTestStack(app, 'Staging');
  const local = new EnvironmentBackupPlan(stack, 'Backup', {
    names: backupNames('shop', 'staging'),
    settings: { retentionDays: 35, schedule: 'hourly' },
    resourceArns: ['arn:aws:rds:eu-west-1:222222222222:db:shop-staging'],
  });
  expect(local.drVaultArn).toBeUndefined();
  Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
    BackupPlan: {
      BackupPlanName: 'shop-staging',
      BackupPlanRule: [
        Match.objectLike({ RuleName: 'hourly', ScheduleExpression: 'cron(0 * * * ? *)', CopyActions: Match.absent() }),
      ],
    },
  });
});
