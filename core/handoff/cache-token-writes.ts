/**
 * Who may write an ElastiCache user's password secret (the cache token) in a protected template. The tool's cache
 * rotation function gives the user the secret's current and pending values (tool-functions.ts binds it to that user),
 * so whoever puts a version, moves a label or starts a rotation chooses the cache's next password, or cuts off the
 * tasks that hold the current one out of schedule: the verified rotation function's role alone may.
 */
import { secretsNamedBy, type MasterSecrets, type SecretResources } from '../guardrails/master-secrets';
import { cachePasswordSecrets } from './cache-rotation-user';
import { SECRET_WRITES } from './master-secret-use';
import { secretReads } from './secret-readers';

/** The problems, each a line naming the policy. `rotationRoles`: the roles of the verified cache rotation functions. */
export function cacheTokenWriteProblems(resources: SecretResources, rotationRoles: ReadonlySet<string>): string[] {
  const tokens = [...cachePasswordSecrets(resources)];
  if (tokens.length === 0) return [];
  // Read as secretReads reads master secrets: by Ref, an attachment's Ref, the logical id or the Name in a literal.
  const secrets: MasterSecrets = { databases: [], ...secretsNamedBy(resources, tokens) };
  const problems = SECRET_WRITES.flatMap((action) =>
    secretReads(resources, secrets, [], action).flatMap((write) => {
      const refused = [...write.roles.filter((role) => !rotationRoles.has(role)), ...write.others];
      if (refused.length === 0) return [];
      const what =
        write.reach === 'master'
          ? `the cache token (${write.what.join(', ')})`
          : `any secret (${write.what.join(', ')})`;
      return [
        `${write.policy} lets ${refused.join(', ')} ${action} on ${what}: whoever writes its versions or starts ` +
          "its rotation chooses the cache's password or cuts off the tasks holding it; in a protected environment " +
          "only the tool's cache rotation function does",
      ];
    }),
  );
  return [...new Set(problems)];
}
