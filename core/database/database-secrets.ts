/**
 * The two secrets the database-users function reads: the master user's (RDS's or CDK's generated credentials) and the
 * application user's. Both hold JSON as RDS and CDK write it: `username`, `password`, and, once attached to the
 * instance or cluster, `host`, `port`, `engine`, `dbname`. A secret's content never goes into a message.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Two Secrets Manager reads per run, each a few milliseconds, well inside the function's time. */
export const DATABASE_USERS_SDK_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 10_000 } as const;

export interface DatabaseSecret {
  readonly username: string;
  readonly password: string;
  /** Absent from a secret no attachment wrote to (RDS's own master secret holds only the credentials). */
  readonly host?: string;
  readonly port?: number;
  /** The database the instance or cluster was created with, as CDK's generated secrets hold it. */
  readonly dbname?: string;
}

/** `text` as a database secret; `what` names the secret in the error (its ARN, never its content). */
export function parseDatabaseSecret(text: string | undefined, what: string): DatabaseSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    parsed = undefined;
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  if (fields === undefined || typeof fields.username !== 'string' || typeof fields.password !== 'string') {
    throw new Error(
      `${what} must hold a JSON object with a string 'username' and 'password' (as RDS and CDK write database secrets): it does not`,
    );
  }
  if (fields.password === '') throw new Error(`${what} holds an empty password: set the secret's password`);
  const port = typeof fields.port === 'string' ? Number(fields.port) : fields.port;
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)) {
    throw new Error(`${what} holds a 'port' that is not a TCP port: fix the secret's 'port' or remove it`);
  }
  const host = typeof fields.host === 'string' && fields.host.trim() !== '' ? fields.host.trim() : undefined;
  const dbname = typeof fields.dbname === 'string' && fields.dbname !== '' ? fields.dbname : undefined;
  return { username: fields.username, password: fields.password, host, port, dbname };
}

type Secrets = Pick<SecretsManagerClient, 'send'>;

/** The secret's current value (AWSCURRENT). */
export async function readDatabaseSecret(
  client: Secrets,
  arn: string,
  which: 'master' | 'application',
): Promise<DatabaseSecret> {
  const what = `the ${which} secret ${arn}`;
  return parseDatabaseSecret(await secretString(client, arn, what), what);
}

/**
 * The value a rotation in progress is setting (AWSPENDING), or undefined when no rotation has made one: single-user
 * rotation sets the password in the database before it makes this version current.
 */
export async function readPendingDatabaseSecret(
  client: Secrets,
  arn: string,
  which: 'master' | 'application',
): Promise<DatabaseSecret | undefined> {
  const what = `the AWSPENDING version of the ${which} secret ${arn}`;
  const text = await secretString(client, arn, what, 'AWSPENDING');
  return text === undefined ? undefined : parseDatabaseSecret(text, what);
}

/** The secret's text at `stage` (AWSCURRENT unless given); undefined when the secret has no version there. */
async function secretString(
  client: Secrets,
  arn: string,
  what: string,
  stage?: 'AWSPENDING',
): Promise<string | undefined> {
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }))).SecretString;
  } catch (error) {
    // Also the answer for the empty version RotateSecret labels AWSPENDING before createSecret fills it.
    if (stage !== undefined && (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw new Error(
      `could not read ${what}: ${(error as Error).message} (the function's role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key when a customer managed key encrypts it)`,
    );
  }
}
