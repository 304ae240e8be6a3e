/**
 * What a Custom::DatabaseUsers resource tells the tool's database-users function, which acts as the master user:
 * which master secret to connect with, which user to make, in which database and dialect. Each is tied to the
 * template's own database, so the function can only do what the construct (pipeline/environment/data/database-users.ts)
 * asks of it: a commit could otherwise point it at a system database (`DatabaseName: mysql`) or make the owner a user
 * whose password the commit wrote itself.
 */
import { isSystemDatabase } from '../../model/config/database-engines';
import type { SecretResources } from '../guardrails/master-secrets';
import { masterSecrets } from '../guardrails/master-secrets';
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import {
  APPLICATION_DATABASE_USER,
  DATABASE_ENGINE_FAMILIES,
  DATABASE_USERS_PROPERTIES,
} from '../../model/lambda-contracts';

/** The SQL dialect of each engine (model/config/database-engines.ts). */
const ENGINE_FAMILY: Readonly<Record<string, string>> = {
  postgres: 'postgres',
  'aurora-postgresql': 'postgres',
  mysql: 'mysql',
  'aurora-mysql': 'mysql',
};

/** Where an instance and a cluster name the database they create. */
const DATABASE_NAME: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DBName',
  'AWS::RDS::DBCluster': 'DatabaseName',
};

const PROPERTIES = new Set<string>(['ServiceToken', 'ServiceTimeout', ...Object.values(DATABASE_USERS_PROPERTIES)]);

/** The problems of each Custom::DatabaseUsers resource of a protected template, one line each. */
export function databaseUsersResourceProblems(resources: SecretResources): string[] {
  const masters = masterSecrets(resources);
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'Custom::DatabaseUsers')
    .flatMap(([id, resource]) => {
      const properties = resource.Properties ?? {};
      const wrong = (property: string, found: unknown, required: string) =>
        `${id}.${property} is ${JSON.stringify(found ?? null)}, not ${required}`;
      const problems = Object.keys(properties)
        .filter((key) => !PROPERTIES.has(key))
        .map((key) => `${id} has property ${key}, which the tool's construct does not set`);
      const master = refOf(properties[DATABASE_USERS_PROPERTIES.masterSecretArn]);
      const database = masters.databases.find(
        (d) =>
          master !== undefined &&
          (d.secrets.includes(master) || (d.attachments.includes(master) && attachedTo(resources, master) === d.id)),
      );
      if (database === undefined)
        return [
          ...problems,
          wrong(
            DATABASE_USERS_PROPERTIES.masterSecretArn,
            properties[DATABASE_USERS_PROPERTIES.masterSecretArn],
            "a Ref to the master secret (or its attachment) of this template's instance or cluster",
          ),
        ];
      const target = resources[database.id].Properties ?? {};
      const type = String(resources[database.id].Type);
      // A database restored from a snapshot names none: the one its master secret was generated for (`dbname`).
      const name = target[DATABASE_NAME[type]] ?? templateField(resources, database.secrets[0], 'dbname');
      const given = properties[DATABASE_USERS_PROPERTIES.databaseName];
      if (
        typeof name !== 'string' ||
        given !== name ||
        DATABASE_ENGINE_FAMILIES.some((family) => isSystemDatabase(name, family))
      )
        problems.push(
          wrong(
            DATABASE_USERS_PROPERTIES.databaseName,
            given,
            `the application's database of ${database.id} (${JSON.stringify(name ?? null)}), never a system database`,
          ),
        );
      const family = ENGINE_FAMILY[String(target.Engine)];
      if (family === undefined || properties[DATABASE_USERS_PROPERTIES.engineFamily] !== family)
        problems.push(
          wrong(
            DATABASE_USERS_PROPERTIES.engineFamily,
            properties[DATABASE_USERS_PROPERTIES.engineFamily],
            `the dialect of ${database.id}'s engine ${JSON.stringify(target.Engine ?? null)}`,
          ),
        );
      const application = refOf(properties[DATABASE_USERS_PROPERTIES.applicationSecretArn]);
      if (
        application === undefined ||
        !applicationAttachment(resources, application, { database: database.id, databaseName: name }, masters.ids)
      )
        problems.push(
          wrong(
            DATABASE_USERS_PROPERTIES.applicationSecretArn,
            properties[DATABASE_USERS_PROPERTIES.applicationSecretArn],
            `a Ref to an attachment to ${database.id} of a secret CloudFormation generates for the user ` +
              `'${APPLICATION_DATABASE_USER}' of that database`,
          ),
        );
      return problems;
    });
}

/**
 * Whether `id` is a SecretTargetAttachment to `database` of a secret, not a master one, that CloudFormation generates
 * (no SecretString the commit wrote) for the user `application` of `databaseName`.
 */
function applicationAttachment(
  resources: SecretResources,
  id: string,
  { database, databaseName }: { readonly database: string; readonly databaseName: unknown },
  masters: ReadonlySet<string>,
): boolean {
  const attachment = resources[id];
  if (attachment?.Type !== 'AWS::SecretsManager::SecretTargetAttachment' || attachedTo(resources, id) !== database)
    return false;
  const secretId = refOf(attachment.Properties?.SecretId);
  const secret = secretId === undefined ? undefined : resources[secretId];
  if (secretId === undefined || masters.has(secretId) || secret?.Type !== 'AWS::SecretsManager::Secret') return false;
  return (
    secret.Properties?.SecretString === undefined &&
    templateField(resources, secretId, 'username') === APPLICATION_DATABASE_USER &&
    templateField(resources, secretId, 'dbname') === databaseName
  );
}

/** A field of the JSON a secret's value is generated from (GenerateSecretString.SecretStringTemplate). */
function templateField(resources: SecretResources, secret: string | undefined, field: string): unknown {
  const generate = resources[secret ?? '']?.Properties?.GenerateSecretString as
    { SecretStringTemplate?: unknown } | undefined;
  if (generate?.SecretStringTemplate === undefined) return undefined;
  try {
    return (JSON.parse(textOf(generate.SecretStringTemplate as JsonValue)) as Record<string, unknown> | null)?.[field];
  } catch {
    return undefined;
  }
}

/** The database an attachment attaches its secret to, by Ref. */
function attachedTo(resources: SecretResources, attachment: string): string | undefined {
  return refOf(resources[attachment]?.Properties?.TargetId);
}

function refOf(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | null | undefined)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}
