import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import { masterSecrets, masterSecretsNamed, type SecretResources } from './master-secrets';
import type { Violation } from './violation';

/**
 * No container of a protected stack, as synthesized, receives the database master user's secret: services and release
 * tasks connect as the application user (database.applicationUser), and the master user is left to the functions that
 * make that user and rotate the secrets. The master secrets are those an instance or cluster of the template names for
 * its master user (its dynamic references, or the secret RDS manages for it) and their attachments (master-secrets.ts).
 * A container receives a secret as an ECS secret, a log driver's secret option or its registry credentials; the value
 * names the master secret by Ref, GetAtt or Fn::Sub, through a custom resource's attribute, or in its text (the
 * secret's name in an ARN), and a value this check cannot read (`Fn::Select`, `Fn::If`…) counts as naming it.
 *
 * This check runs only when the guardrails refuse the master user (`database.allowMasterUser: false`):
 * `applicationUser: false` legitimately gives the services the master secret, through their execution role. Who else
 * may read a master secret (a task role, a planted function, a dynamic reference in a property, a secret named so that
 * a literal ARN reaches it) is never legitimate, and Verify refuses it whatever the guardrails say
 * (core/handoff/master-secret-use.ts).
 */
export function checkMasterSecretUse(resources: SecretResources, stack: string): Violation[] {
  const masters = masterSecrets(resources);
  if (masters.ids.size === 0) return [];
  return Object.entries(resources).flatMap(([id, resource]) => {
    if (resource.Type !== 'AWS::ECS::TaskDefinition') return [];
    const containers = resource.Properties?.ContainerDefinitions;
    return (Array.isArray(containers) ? containers : []).flatMap((container: unknown, c: number) =>
      containerSecrets(container).flatMap(({ field, name, from }): Violation[] => {
        const named = masterSecretsNamed(from, resources, masters);
        const unreadable = textOf(from as JsonValue).includes('${?}');
        if (named.length === 0 && !unreadable) return [];
        return [
          {
            path: `${stack}/${id}.ContainerDefinitions[${c}].${field}`,
            found:
              named.length > 0
                ? `${name} from the master user's secret (${named.join(', ')})`
                : `${name} from a value this check cannot read`,
            required: "the application user's secret (database.applicationUser: true)",
          },
        ];
      }),
    );
  });
}

/** What ECS reads from Secrets Manager or SSM for a container: its secrets, its log driver's, its registry's. */
function containerSecrets(container: unknown): { field: string; name: string; from: unknown }[] {
  const c = (container ?? {}) as {
    Secrets?: unknown;
    LogConfiguration?: { SecretOptions?: unknown };
    RepositoryCredentials?: { CredentialsParameter?: unknown };
  };
  const named = (list: unknown, field: string) =>
    (Array.isArray(list) ? list : []).map((secret: unknown, s: number) => {
      const { Name, ValueFrom } = (secret ?? {}) as { Name?: unknown; ValueFrom?: unknown };
      return { field: `${field}[${s}]`, name: String(Name), from: ValueFrom };
    });
  const credentials = c.RepositoryCredentials?.CredentialsParameter;
  return [
    ...named(c.Secrets, 'Secrets'),
    ...named(c.LogConfiguration?.SecretOptions, 'LogConfiguration.SecretOptions'),
    ...(credentials === undefined
      ? []
      : [{ field: 'RepositoryCredentials', name: 'registry credentials', from: credentials }]),
  ];
}
