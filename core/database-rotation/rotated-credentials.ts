/**
 * A version of the rotated secret, as RDS and CDK write a database secret attached to its instance or cluster: the
 * login (core/database/database-secrets.ts reads that part) and where it logs in. `masterarn` makes it an
 * alternating-users secret (Secrets Manager, "Rotation strategies").
 */
import { DATABASE_ENGINES, engineFamily, type DatabaseEngineName } from '../../model/config/database-engines';
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import { parseDatabaseSecret } from '../database/database-secrets';

export interface RotatedCredentials {
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  /** The database it logs in to; PostgreSQL's `postgres` when the secret names none (as AWS's functions do). */
  readonly dbname?: string;
  readonly engine: DatabaseEngineName;
  readonly family: DatabaseEngineFamily;
  /** The master user's secret, which sets this user's password: the alternating-users strategy. */
  readonly masterarn?: string;
  /** The whole value, unknown fields included, which the next version keeps. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** `text` as a rotated secret's value; `what` names the secret and version in the one-line refusal. */
export function rotatedCredentials(text: string | undefined, what: string): RotatedCredentials {
  const { username, password, host, port, dbname } = parseDatabaseSecret(text, what);
  const fields = JSON.parse(text as string) as Record<string, unknown>;
  if (host === undefined || port === undefined) {
    throw new Error(
      `${what} has no ${host === undefined ? 'host' : 'port'}: rotation logs in where the secret says; attach the secret to its database instance or cluster`,
    );
  }
  const engine = fields.engine;
  if (typeof engine !== 'string' || !(DATABASE_ENGINES as readonly string[]).includes(engine)) {
    throw new Error(
      `${what} names engine ${JSON.stringify(engine ?? null)}, not one of ${DATABASE_ENGINES.join(', ')}: this function rotates only those`,
    );
  }
  const family = engineFamily(engine as DatabaseEngineName);
  const masterarn = fields.masterarn;
  if (masterarn !== undefined && (typeof masterarn !== 'string' || masterarn === '')) {
    throw new Error(
      `${what} has a masterarn that is not a secret's ARN: fix it, or remove it for single-user rotation`,
    );
  }
  return {
    username,
    password,
    host,
    port,
    dbname: dbname ?? (family === 'postgres' ? 'postgres' : undefined),
    engine: engine as DatabaseEngineName,
    family,
    masterarn,
    fields,
  };
}

export type RotationStrategy = 'single user' | 'alternating users';

/** With a master secret the user alternates with its clone; without, it changes its own password. */
export function rotationStrategy(secret: Pick<RotatedCredentials, 'masterarn'>): RotationStrategy {
  return secret.masterarn === undefined ? 'single user' : 'alternating users';
}
