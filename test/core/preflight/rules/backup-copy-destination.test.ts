import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { backupCopyDestination } from '../../../../core/preflight/rules/backup-copy-destination';
import { assemblyOf, getAtt, resource, runRule, severities, stack, type StackSpec } from '../harness';

const PROD = '333333333333';
const DR_VAULT_ARN = `arn:aws:backup:eu-west-1:${PROD}:backup-vault:queue-prod-dr`;

function plan(ruleProperties: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::Backup::BackupPlan',
    {
      BackupPlan: {
        BackupPlanName: 'queue-prod',
        BackupPlanRule: [
          {
            RuleName: 'daily',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            TargetBackupVault: getAtt('Vault', 'BackupVaultName'),
            Lifecycle: { DeleteAfterDays: 1095 },
            CopyActions: [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 1095 } }],
            ...ruleProperties,
          },
        ],
      },
    },
    'prod/Service/Data/BackupPlan/Resource',
  );
}

const vault = (name: string) => resource('AWS::Backup::BackupVault', { BackupVaultName: name });

function service(spec: StackSpec = {}, planResource: TemplateResource = plan()) {
  return stack('Service', {
    account: PROD,
    region: 'eu-central-1',
    dependencies: ['DrVault', 'Service.assets'],
    resources: { Vault: vault('queue-prod'), Plan: planResource },
    ...spec,
  });
}

function drVault(spec: StackSpec = {}) {
  return stack('DrVault', {
    account: PROD,
    region: 'eu-west-1',
    resources: { Vault: vault('queue-prod-dr') },
    ...spec,
  });
}

const check = (...stacks: ReturnType<typeof stack>[]) => runRule(backupCopyDestination, assemblyOf(...stacks));

describe('backup-copy-destination', () => {
  test('compliant: the DR vault stack is in the target region and the plan stack depends on it', () => {
    expect(check(service(), drVault())).toEqual([]);
  });

  test('compliant: a transitive dependency (plan → network → DR vault) orders them too', () => {
    const network = stack('Network', { account: PROD, region: 'eu-central-1', dependencies: ['DrVault'] });
    expect(check(service({ dependencies: ['Network'] }), network, drVault())).toEqual([]);
  });

  test('compliant: cold storage with 90 days to spare', () => {
    const lifecycle = { Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 } };
    expect(check(service({}, plan(lifecycle)), drVault())).toEqual([]);
  });

  test('non-compliant: no stack creates the destination vault', () => {
    const findings = check(service({ dependencies: [] }));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Plan',
        constructPath: 'prod/Service/Data/BackupPlan/Resource',
      }),
    ]);
    expect(findings[0].message).toContain(`queue-prod-dr' in ${PROD}/eu-west-1`);
  });

  test('non-compliant: a vault of that name in another region or account does not count', () => {
    expect(severities(check(service(), drVault({ region: 'eu-north-1' })))).toEqual(['error']);
    expect(severities(check(service(), drVault({ account: '444444444444' })))).toEqual(['error']);
  });

  test('non-compliant: the plan stack does not depend on the vault stack', () => {
    const findings = check(service({ dependencies: ['Service.assets'] }), drVault());
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('does not depend on that stack');
  });

  test('non-compliant: the vault stack is in another nested assembly, which no dependency can order', () => {
    const findings = check(service({ assemblyPath: 'assembly-prod' }), drVault({ assemblyPath: 'assembly-dr' }));
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('another nested assembly');
  });

  test('non-compliant: DeleteAfterDays less than 90 days after cold storage, in the rule and in the copy', () => {
    const findings = check(
      service(
        {},
        plan({
          Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 90 },
          CopyActions: [
            {
              DestinationBackupVaultArn: DR_VAULT_ARN,
              Lifecycle: { MoveToColdStorageAfterDays: 7, DeleteAfterDays: 35 },
            },
          ],
        }),
      ),
      drVault(),
    );
    expect(severities(findings)).toEqual(['error', 'error']);
    expect(findings[0].message).toContain('(120)');
    expect(findings[1].message).toContain('copy action');
  });
});
