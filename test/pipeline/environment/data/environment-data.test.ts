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

test('the database is encrypted with its own key, its credentials generated into Secrets Manager', () => {
  const [instance] = Object.values(resources(staging, 'AWS::RDS::DBInstance'));
  expect(instance.Properties).toMatchObject({ Engine: 'mysql', StorageEncrypted: true, MultiAZ: false });
  expect(JSON.stringify(instance.Properties.KmsKeyId)).toContain('Fn::GetAtt');
  expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain('resolve:secretsmanager');
  expect(Object.keys(resources(staging, 'AWS::SecretsManager::SecretTargetAttachment'))).toHaveLength(1);
});

test('prod, which asks for approval, gets a multi-AZ database with deletion protection', () => {
  const [instance] = Object.values(resources(prod, 'AWS::RDS::DBInstance'));
  expect(instance.Properties).toMatchObject({ MultiAZ: true, DeletionProtection: true });
});

test('services receive the credentials as ECS secrets and the cache address as variables, never the password', () => {
  for (const family of ['queue-staging-producer', 'queue-staging-consumer']) {
    const [definition] = Object.values(resources(staging, 'AWS::ECS::TaskDefinition')).filter(
      (d) => d.Properties.Family === family,
    );
    const app = (definition.Properties.ContainerDefinitions as Record<string, unknown>[])[0] as {
      Secrets: { Name: string }[];
      Environment: { Name: string; Value: unknown }[];
    };
    expect(app.Secrets.map((s) => s.Name)).toEqual(
      expect.arrayContaining(['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'CACHE_AUTH_TOKEN']),
    );
    expect(app.Environment.map((e) => e.Name)).toEqual(expect.arrayContaining(['CACHE_HOST', 'CACHE_PORT']));
    expect(app.Environment.map((e) => e.Name)).not.toContain('DB_PASSWORD');
  }
});

test('the database and cache ports are open only to the security groups of the services that use them', () => {
  const ingress = Object.values(resources(staging, 'AWS::EC2::SecurityGroupIngress'));
  const dataIngress = ingress.filter((rule) => /Data(Database|Cache)/.test(JSON.stringify(rule.Properties.GroupId)));
  expect(dataIngress.length).toBeGreaterThanOrEqual(4);
  for (const rule of dataIngress) {
    expect(rule.Properties.CidrIp).toBeUndefined();
    expect(JSON.stringify(rule.Properties.SourceSecurityGroupId)).toMatch(/Service(producer|consumer|.*Rotation)/);
  }
  const dataGroups = Object.entries(resources(staging, 'AWS::EC2::SecurityGroup')).filter(([id]) =>
    /^Data(Database|Cache)/.test(id),
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
