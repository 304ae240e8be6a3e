import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { isLiteral, parseArn, resourcesOfType, textOf, type ResourceRef } from '../template-values';

/** Days a recovery point must stay in cold storage before it may be deleted. */
const COLD_STORAGE_MINIMUM_DAYS = 90;

/**
 * A backup plan's copy to another region (or account) needs the destination vault to exist before the
 * first copy job, and every lifecycle must keep a cold recovery point for at least 90 days.
 */
export const backupCopyDestination: Rule = {
  id: 'backup-copy-destination',
  severity: 'error',
  title: 'Backup copies need an existing destination vault and a valid lifecycle',
  awsBehaviour:
    'A copy job fails when the DestinationBackupVaultArn vault does not exist in its account and region; and ' +
    'DeleteAfterDays must be at least 90 days after MoveToColdStorageAfterDays, or AWS Backup rejects the plan.',
  docUrl: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::Backup::BackupPlan'))
      .flatMap((plan) =>
        asList(pathOf(plan.resource.Properties.BackupPlan, 'BackupPlanRule')).flatMap((ruleValue): RuleFinding[] => {
          const rule = asObject(ruleValue);
          const ruleName = asString(rule?.RuleName) ?? '?';
          const copies = asList(rule?.CopyActions).map(asObject);
          return [
            ...lifecycleFindings(plan, `rule '${ruleName}'`, rule?.Lifecycle),
            ...copies.flatMap((copy) => [
              ...lifecycleFindings(plan, `the copy action of rule '${ruleName}'`, copy?.Lifecycle),
              ...destinationFindings(assembly, plan, ruleName, copy?.DestinationBackupVaultArn),
            ]),
          ];
        }),
      ),
};

function lifecycleFindings(plan: ResourceRef, where: string, lifecycle: JsonValue | undefined): RuleFinding[] {
  const cold = asObject(lifecycle)?.MoveToColdStorageAfterDays;
  const deleteAfter = asObject(lifecycle)?.DeleteAfterDays;
  if (typeof cold !== 'number' || typeof deleteAfter !== 'number' || cold < 0 || deleteAfter < 0) return [];
  if (deleteAfter >= cold + COLD_STORAGE_MINIMUM_DAYS) return [];
  return [
    {
      severity: 'error',
      stack: plan.stack,
      logicalId: plan.logicalId,
      resource: plan.resource,
      message:
        `${where} deletes recovery points after ${deleteAfter} days but moves them to cold storage after ${cold}: ` +
        `DeleteAfterDays must be at least MoveToColdStorageAfterDays + ${COLD_STORAGE_MINIMUM_DAYS} (${cold + COLD_STORAGE_MINIMUM_DAYS})`,
    },
  ];
}

function destinationFindings(
  assembly: CloudAssembly,
  plan: ResourceRef,
  ruleName: string,
  value: JsonValue | undefined,
): RuleFinding[] {
  const text = textOf(value);
  const arn = parseArn(text);
  if (
    arn === undefined ||
    !isLiteral(arn.region) ||
    !isLiteral(arn.account) ||
    !arn.resource.startsWith('backup-vault:')
  )
    return [];
  const vaultName = arn.resource.slice('backup-vault:'.length);
  const { account, region } = plan.stack.environment;
  // A copy within the plan's own account and region is the ordinary case: the vault is usually in the same stack.
  if (arn.region === region && arn.account === account) return [];
  const where = { stack: plan.stack, logicalId: plan.logicalId, resource: plan.resource };
  const vaultStacks = assembly.stacks.filter(
    (s) =>
      s.environment.account === arn.account &&
      s.environment.region === arn.region &&
      resourcesOfType(s, 'AWS::Backup::BackupVault').some(
        (vault) => textOf(vault.resource.Properties.BackupVaultName) === vaultName,
      ),
  );
  if (vaultStacks.length === 0) {
    return [
      {
        ...where,
        severity: 'error',
        message:
          `rule '${ruleName}' copies to the vault '${vaultName}' in ${arn.account}/${arn.region}, but no stack of the ` +
          'assembly in that account and region creates an AWS::Backup::BackupVault with that name: add one (a DR vault ' +
          'stack the plan depends on), or every copy job fails',
      },
    ];
  }
  if (vaultStacks.some((vaultStack) => dependsOn(assembly, plan.stack, vaultStack))) return [];
  const names = vaultStacks.map((s) => s.displayName).join(', ');
  const elsewhere = vaultStacks.every((s) => s.assemblyPath !== plan.stack.assemblyPath);
  if (elsewhere) {
    return [
      {
        ...where,
        severity: 'error',
        message:
          `rule '${ruleName}' copies to the vault '${vaultName}' created by ${names}, which is in another nested ` +
          `assembly than ${plan.stack.displayName}: no stack dependency orders them, so the first copy job may run before ` +
          'the vault exists; create the vault stack in the same stage and add the dependency',
      },
    ];
  }
  return [
    {
      ...where,
      severity: 'error',
      message:
        `rule '${ruleName}' copies to the vault '${vaultName}' created by ${names}, but ${plan.stack.displayName} does ` +
        'not depend on that stack: add the dependency (stack.addDependency) so the vault exists before the first copy job',
    },
  ];
}

/** True when `from` depends on `to`, directly or through other stacks of the same (nested) assembly. */
function dependsOn(assembly: CloudAssembly, from: AssemblyStack, to: AssemblyStack): boolean {
  if (from.assemblyPath !== to.assemblyPath) return false;
  const byId = new Map(
    assembly.stacks.filter((s) => s.assemblyPath === from.assemblyPath).map((s) => [s.artifactId, s] as const),
  );
  const reached = new Set<string>(from.dependencies);
  for (const id of reached) {
    if (id === to.artifactId) return true;
    for (const next of byId.get(id)?.dependencies ?? []) reached.add(next);
  }
  return false;
}
