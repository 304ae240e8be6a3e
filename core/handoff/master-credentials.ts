/**
 * Who sets a protected database's master password. The tool's templates take it from a secret CloudFormation
 * generates (CDK's DatabaseSecret) and change it only by rotation. A candidate could instead write a password it knows
 * into the instance (a literal, or a secret whose value the template holds), or let a role of its own call
 * ModifyDBInstance/ModifyDBCluster with a new master password; its application, which reaches the database, would
 * then log in as the master. So: (a) each instance or cluster resolves its master user and password from one generated
 * secret (username `…:username::}}`, password `…:password::}}`, no version named), or lets RDS manage the password;
 * an Aurora cluster's instances name none; (b) no identity policy grants an action that sets a master password or
 * makes a database from a snapshot or a point in time (which takes a new master password).
 */
import type { SecretResources } from '../guardrails/master-secrets';
import { identityGrants } from './secret-readers';

/** RDS actions that set a master password, or make a database that takes a new one. */
const MASTER_PASSWORD_ACTIONS = [
  'rds:ModifyDBInstance',
  'rds:ModifyDBCluster',
  'rds:RestoreDBInstanceFromDBSnapshot',
  'rds:RestoreDBInstanceToPointInTime',
  'rds:RestoreDBClusterFromSnapshot',
  'rds:RestoreDBClusterToPointInTime',
];

/** One line per problem, naming the resource and what to do. */
export function masterCredentialProblems(resources: SecretResources): string[] {
  return [...credentialSourceProblems(resources), ...passwordChangeProblems(resources)];
}

function credentialSourceProblems(resources: SecretResources): string[] {
  return Object.entries(resources).flatMap(([id, resource]) => {
    const isInstance = resource.Type === 'AWS::RDS::DBInstance';
    if (!isInstance && resource.Type !== 'AWS::RDS::DBCluster') return [];
    const properties = resource.Properties ?? {};
    const { MasterUsername: username, MasterUserPassword: password, ManageMasterUserPassword: managed } = properties;
    if (isInstance && properties.DBClusterIdentifier !== undefined) {
      return username === undefined && password === undefined
        ? []
        : [
            `${id} is an instance of a cluster and names a master user: the cluster's own credentials are the only ones`,
          ];
    }
    if (managed === true && password === undefined) return [];
    const secret = resolvedField(password, 'password');
    // A database restored from a snapshot keeps the snapshot's master user name and takes only the password.
    const restored = properties.DBSnapshotIdentifier !== undefined || properties.SnapshotIdentifier !== undefined;
    const nameFrom = username === undefined && restored ? secret : resolvedField(username, 'username');
    if (secret !== undefined && nameFrom === secret && generatedSecret(resources, secret)) return [];
    return [
      `${id} takes its master password from ${JSON.stringify(password ?? null).slice(0, 120)}: a protected database ` +
        "resolves its master user and password from one secret CloudFormation generates ('{{resolve:secretsmanager:" +
        "<secret>:SecretString:password::}}'), or lets RDS manage it, so no one knows it but the secret",
    ];
  });
}

function passwordChangeProblems(resources: SecretResources): string[] {
  return MASTER_PASSWORD_ACTIONS.flatMap((action) =>
    identityGrants(resources, action).map(
      ({ policy, roles, others }) =>
        `${policy} lets ${[...roles, ...others].join(', ') || 'its principals'} ${action}, which sets a database's ` +
        'master password: in a protected environment only rotation changes it; grant the application what it uses',
    ),
  );
}

/** The secret a value resolves `field` of, written as CDK writes it: `{{resolve:secretsmanager:<Ref>:SecretString:field::}}`. */
function resolvedField(value: unknown, field: 'username' | 'password'): string | undefined {
  const join = (value as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1].length !== 3) return undefined;
  const [head, reference, tail] = join[1] as unknown[];
  const ref = (reference as { Ref?: unknown } | null)?.Ref;
  return head === '{{resolve:secretsmanager:' && tail === `:SecretString:${field}::}}` && typeof ref === 'string'
    ? ref
    : undefined;
}

/** Whether `id` is a secret of the template whose value CloudFormation generates (none written in the template). */
function generatedSecret(resources: SecretResources, id: string): boolean {
  const secret = resources[id];
  return (
    secret?.Type === 'AWS::SecretsManager::Secret' &&
    secret.Properties?.SecretString === undefined &&
    secret.Properties?.GenerateSecretString !== undefined
  );
}
