import type { Template } from 'aws-cdk-lib/assertions';
import { fixtureConfig } from '../../../support/configs';
import { stageStacks, synthesized } from '../../../support/synthesized';

// (Its policy gates, preflight and cfn-lint run in CI over this fixture: scripts/check-examples.sh.)
// GIVEN a producer API and a consumer worker that both use a MySQL database and a Valkey cache, with 3-year
// backups copied to another region in prod (staging opts out of backups).
const config = fixtureConfig('data-app');
const app = synthesized(config);
const staging = app.environments.staging;
const prod = app.environments.prod;

type Resources = Record<string, { Properties: Record<string, unknown> }>;
const resources = (template: Template, type: string) => template.findResources(type) as Resources;

test("the database is encrypted with its own key, the master user's and the application user's credentials generated into Secrets Manager", () => {
  const [instance] = Object.values(resources(staging, 'AWS::RDS::DBInstance'));
  expect(instance.Properties).toMatchObject({ Engine: 'mysql', StorageEncrypted: true, MultiAZ: false });
  expect(JSON.stringify(instance.Properties.KmsKeyId)).toContain('Fn::GetAtt');
  expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain('resolve:secretsmanager');
  expect(Object.keys(resources(staging, 'AWS::SecretsManager::SecretTargetAttachment')).sort()).toEqual([
    expect.stringMatching(/^DataDatabaseSecretAttachment/),
    expect.stringMatching(/^DataDatabaseUsersSecretAttachment/),
  ]);
});

test("services read the application user's secret, and their task definitions wait for the user to exist", () => {
  const users = Object.keys(staging.findResources('Custom::DatabaseUsers'));
  expect(users).toHaveLength(1);
  const definitions = Object.values(
    staging.findResources('AWS::ECS::TaskDefinition') as Record<
      string,
      {
        DependsOn?: string[];
        Properties: { ContainerDefinitions: { Secrets?: { Name: string; ValueFrom: unknown }[] }[] };
      }
    >,
  ).filter((d) => d.Properties.ContainerDefinitions[0].Secrets?.some((s) => s.Name === 'DB_PASSWORD'));
  expect(definitions).toHaveLength(2);
  for (const definition of definitions) {
    const password = definition.Properties.ContainerDefinitions[0].Secrets?.find((s) => s.Name === 'DB_PASSWORD');
    expect(JSON.stringify(password?.ValueFrom)).toMatch(/DataDatabaseUsersSecretAttachment/);
    expect(definition.DependsOn).toContain(users[0]);
  }
});

test("both database secrets and the cache token rotate with the tool's own functions, not a Serverless Application Repository one", () => {
  for (const template of [staging, prod]) {
    const schedules = Object.values(resources(template, 'AWS::SecretsManager::RotationSchedule'));
    expect(schedules.map((s) => JSON.stringify(s.Properties.SecretId)).sort()).toEqual([
      expect.stringMatching(/DataCacheAuthToken/),
      expect.stringMatching(/DataDatabaseSecretAttachment/),
      expect.stringMatching(/DataDatabaseUsersSecretAttachment/),
    ]);
    expect(Object.keys(template.findResources('AWS::Serverless::Application'))).toEqual([]);
  }
  const functions = Object.values(resources(prod, 'AWS::Lambda::Function')).map((f) => f.Properties.FunctionName);
  expect(functions).toEqual(
    expect.arrayContaining(['queue-prod-database-users', 'queue-prod-database-rotation', 'queue-prod-cache-rotation']),
  );
});

test('the database and cache ports are open only to the security groups of the services that use them', () => {
  const ingress = Object.values(resources(staging, 'AWS::EC2::SecurityGroupIngress'));
  const dataIngress = ingress.filter((rule) => /Data(Database|Cache)/.test(JSON.stringify(rule.Properties.GroupId)));
  expect(dataIngress.length).toBeGreaterThanOrEqual(4);
  for (const rule of dataIngress) {
    expect(rule.Properties.CidrIp).toBeUndefined();
    expect(JSON.stringify(rule.Properties.SourceSecurityGroupId)).toMatch(
      /Service(producer|consumer)|DataDatabase(Users|Rotation)SecurityGroup/,
    );
  }
  const dataGroups = Object.entries(resources(staging, 'AWS::EC2::SecurityGroup')).filter(([id]) =>
    /^Data(Database|Cache)SecurityGroup/.test(id),
  );
  expect(dataGroups.length).toBe(2);
  for (const [, group] of dataGroups) expect(group.Properties.SecurityGroupIngress ?? []).toEqual([]);
});

test('prod keeps daily recovery points 1095 days and copies each to the DR region, kept as long', () => {
  const [plan] = Object.values(resources(prod, 'AWS::Backup::BackupPlan'));
  const rules = (plan.Properties.BackupPlan as { BackupPlanRule: Record<string, unknown>[] }).BackupPlanRule;
  expect(rules[0]).toMatchObject({
    Lifecycle: { DeleteAfterDays: 1095 },
    CopyActions: [
      {
        DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:333333333333:backup-vault:queue-prod-dr',
        Lifecycle: { DeleteAfterDays: 1095 },
      },
    ],
  });
  const [selection] = Object.values(resources(prod, 'AWS::Backup::BackupSelection'));
  expect(JSON.stringify(selection.Properties)).toContain('DataDatabaseInstance');
  expect(resources(staging, 'AWS::Backup::BackupPlan')).toEqual({});
});

test('the DR vault stack lives in the other region of the prod stage and is deployed before the plan', () => {
  const { DrVault: drStack, Service: prodService } = stageStacks(app, 'prod');
  expect(drStack.region).toBe('eu-west-1');
  drStack.template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'queue-prod-dr' });
  expect(prodService.dependencies).toContain(drStack.path);
  expect(Object.keys(stageStacks(app, 'staging'))).not.toContain('DrVault');
});
