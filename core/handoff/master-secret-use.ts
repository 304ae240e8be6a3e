/**
 * Who may read a database master secret in a protected template. The tool grants it to its own database-users and
 * database-rotation functions, and (with `database.applicationUser: false`) to a task's execution role, which ECS uses
 * to hand a container its secrets. Reading it from a task role, a planted function, a dynamic reference in some other
 * property, or by a literal ARN is never legitimate, whatever the guardrails allow, so Verify refuses those always:
 * (a) an identity policy statement that lets any other principal read secret values of a master secret, of a
 * wildcard or of a value this check cannot read, or a resource policy on a master secret; (b) a dynamic reference
 * (`{{resolve:…}}`) naming a master secret anywhere but its instance's or cluster's own MasterUsername and
 * MasterUserPassword; (d) a master secret with an explicit `Name`, which a literal ARN could name before it exists.
 * Which containers receive it (c) is the guardrails' `database.allowMasterUser` (core/guardrails/protected-master-secret.ts):
 * `applicationUser: false` legitimately gives it to the services.
 */
import { masterSecrets, masterSecretsNamed, referencedIds, type SecretResources } from '../guardrails/master-secrets';
import { dynamicReferences } from './runtime-references';
import { secretReads, trustsOnly } from './secret-readers';

const OWN_REFERENCES = ['MasterUsername', 'MasterUserPassword'];

/** What changes a secret's value or which version is current, or starts a rotation that writes it. */
export const SECRET_WRITES = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:RotateSecret',
  'secretsmanager:CancelRotateSecret',
  'secretsmanager:DeleteSecret',
];

/**
 * The problems, each a line naming the resource. `databaseRoles`: the roles of the functions Verify admitted as the
 * tool's database functions (tool-functions.ts); `alsoNamed`: the literal names of other stacks' master secrets.
 */
export function masterSecretUseProblems(
  resources: SecretResources,
  databaseRoles: ReadonlySet<string>,
  alsoNamed: readonly string[] = [],
): string[] {
  const masters = masterSecrets(resources);
  const executionRoles = executionOnlyRoles(resources);
  const readers = secretReads(resources, masters, alsoNamed).flatMap((read) => {
    const admitted = (role: string) => databaseRoles.has(role) || (read.reach === 'master' && executionRoles.has(role));
    const refused = [...read.roles.filter((role) => !admitted(role)), ...read.others];
    if (refused.length === 0) return [];
    const what =
      read.reach === 'master'
        ? `the database master secret (${read.what.join(', ')})`
        : read.reach === 'any'
          ? `any secret (${read.what.join(', ')})`
          : `secrets this check cannot tell (${read.what.join(', ')})`;
    return [
      `${read.policy} lets ${refused.join(', ')} read ${what}: in a protected environment only the tool's ` +
        "database-users and database-rotation functions read a master secret (and a task's execution role, to hand " +
        'a container its secrets); grant the secrets the application uses by name',
    ];
  });
  // Writing a master secret's versions or starting its rotation sets the master password (rotation's setSecret takes
  // an AWSPENDING version someone put under the token it is given): the tool's database functions alone.
  const writers = SECRET_WRITES.flatMap((action) =>
    secretReads(resources, masters, alsoNamed, action)
      .filter((write) => write.reach === 'master')
      .flatMap((write) => {
        const refused = [...write.roles.filter((role) => !databaseRoles.has(role)), ...write.others];
        return refused.length === 0
          ? []
          : [
              `${write.policy} lets ${refused.join(', ')} ${action} on the database master secret (` +
                `${write.what.join(', ')}): whoever writes its versions or starts its rotation sets the master ` +
                "password; in a protected environment only the tool's database functions do",
            ];
      }),
  );
  const policies = Object.entries(resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::SecretsManager::ResourcePolicy' &&
        masterSecretsNamed(r.Properties?.SecretId, resources, masters, alsoNamed).length > 0,
    )
    .map(
      ([id]) =>
        `${id} is a resource policy on the database master secret, which grants it to principals without their own ` +
        'policy: a protected environment gives the master secret no resource policy',
    );
  const references = Object.entries(resources).flatMap(([id, resource]) =>
    Object.entries(resource.Properties ?? {}).flatMap(([property, value]) => {
      // The instance's or cluster's own master user: its secrets, by id or by name.
      const own = OWN_REFERENCES.includes(property) ? masters.databases.find((d) => d.id === id) : undefined;
      const ownNames = (own?.secrets ?? []).flatMap((secret) => [secret, resources[secret]?.Properties?.Name]);
      return dynamicReferences(value as never)
        .filter((reference) => {
          const named = masterSecretsNamed(reference, resources, masters, alsoNamed);
          const unread = reference.startsWith('{{resolve:secretsmanager:') && reference.includes('${?}');
          return named.some((n) => !ownNames.includes(n)) || unread;
        })
        .map(
          (reference) =>
            `${id}.${property} holds ${reference.slice(0, 120)}, a dynamic reference to the database master secret ` +
            "(or one this check cannot read): CloudFormation would write the master user's credentials into it; " +
            "only the instance's or cluster's own MasterUsername and MasterUserPassword name it",
        );
    }),
  );
  const named = masters.databases
    .flatMap((database) => database.secrets)
    .filter((id) => resources[id]?.Properties?.Name !== undefined)
    .map(
      (id) =>
        `${id} is a database master secret named ${JSON.stringify(resources[id]?.Properties?.Name)}: a name is known ` +
        "before the secret exists, so a literal ARN anywhere could reach it; leave the name to CloudFormation (the tool's own)",
    );
  // One line per policy and reach, however many of its statements read.
  return [...new Set([...readers, ...writers, ...policies, ...references, ...named])];
}

/**
 * Roles ECS uses only to start tasks: trusting `ecs-tasks.amazonaws.com` alone, the execution role of a task
 * definition of the template and the task role of none (a task role's credentials are the container's own).
 */
function executionOnlyRoles(resources: SecretResources): Set<string> {
  const tasks = Object.values(resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
  const named = (property: string) => new Set(tasks.flatMap((t) => referencedIds(t.Properties?.[property])));
  const execution = named('ExecutionRoleArn');
  const task = named('TaskRoleArn');
  return new Set(
    [...execution].filter(
      (role) =>
        !task.has(role) &&
        resources[role]?.Type === 'AWS::IAM::Role' &&
        trustsOnly(resources, role, 'ecs-tasks.amazonaws.com'),
    ),
  );
}
