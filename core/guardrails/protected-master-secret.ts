import type { TemplateJson } from './pipeline-template';
import type { Violation } from './violation';

type Resource = NonNullable<TemplateJson['Resources']>[string];

/**
 * No container of a protected stack, as synthesized, receives the database master user's secret: services and release
 * tasks connect as the application user (database.applicationUser), and the master user is left to the functions that
 * make that user and rotate the secrets. The master secrets are those an instance or cluster of the template names for
 * its master user (its dynamic references, or the secret RDS manages for it) and their attachments.
 */
export function checkMasterSecretUse(resources: Record<string, Resource>, stack: string): Violation[] {
  const masters = masterSecretIds(resources);
  if (masters.size === 0) return [];
  return Object.entries(resources).flatMap(([id, resource]) => {
    if (resource.Type !== 'AWS::ECS::TaskDefinition') return [];
    const containers = resource.Properties?.ContainerDefinitions;
    return (Array.isArray(containers) ? containers : []).flatMap((container: unknown, c: number) => {
      const secrets = (container as { Secrets?: unknown } | null)?.Secrets;
      return (Array.isArray(secrets) ? secrets : []).flatMap((secret: unknown, s: number): Violation[] => {
        const from = (secret as { ValueFrom?: unknown } | null)?.ValueFrom;
        const named = referencedIds(from).filter((target) => masters.has(target));
        if (named.length === 0) return [];
        const name = String((secret as { Name?: unknown }).Name);
        return [
          {
            path: `${stack}/${id}.ContainerDefinitions[${c}].Secrets[${s}]`,
            found: `${name} from the master user's secret (${named.join(', ')})`,
            required: "the application user's secret (database.applicationUser: true)",
          },
        ];
      });
    });
  });
}

/** Logical ids (with `.MasterUserSecret` for RDS-managed ones) a value names through Ref, GetAtt or Fn::Sub. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value === 'string')
    return [...value.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)].map((m) => m[1]);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') return [object.Ref];
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  if (typeof getAtt === 'string') return [getAtt.split('.')[0]];
  return Object.values(object).flatMap(referencedIds);
}

/** The master secrets of the template's instances and clusters, and the attachments of those secrets. */
function masterSecretIds(resources: Record<string, Resource>): Set<string> {
  const ids = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::RDS::DBInstance' && resource.Type !== 'AWS::RDS::DBCluster') continue;
    const properties = resource.Properties ?? {};
    for (const target of referencedIds([properties.MasterUsername, properties.MasterUserPassword])) {
      if (resources[target]?.Type === 'AWS::SecretsManager::Secret') ids.add(target);
    }
    // A secret RDS manages (ManageMasterUserPassword) is read through the database's own MasterUserSecret.
    if (properties.ManageMasterUserPassword === true) ids.add(id);
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::SecretsManager::SecretTargetAttachment') continue;
    if (referencedIds(resource.Properties?.SecretId).some((target) => ids.has(target))) ids.add(id);
  }
  return ids;
}
