import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ConnectDatabase, DatabaseLogin } from '../../../core/database-rotation/database-session';
import { rotateDatabaseSecret, type RotationDependencies } from '../../../core/database-rotation/rotate-secret';
import type { SecretsManagerServer } from '../../support/secrets-manager-server';

export { useSecretsManager } from '../secret-rotation/local-secrets-manager';

/** An RDS endpoint as an attached secret names it. */
export const HOST = 'shop-prod.c0ffee.eu-west-1.rds.amazonaws.com';
export const PORT = 5433;
export const TOKEN = 'c2a5e3f1-0d4b-4c6e-9a7f-2b8d1e0f3a41';

/** The master user's secret, attached: single-user rotation. */
export const masterValue = (engine = 'postgres', password = 'master-password-1') => ({
  username: 'dbadmin',
  password,
  host: HOST,
  port: PORT,
  dbname: 'shop',
  engine,
  dbInstanceIdentifier: 'shop-prod',
});

/** The application user's secret: alternating users, set by the master secret `masterArn`. */
export const applicationValue = (masterArn: string, engine = 'postgres', username = 'application') => ({
  username,
  password: 'application-password-1',
  host: HOST,
  port: PORT,
  dbname: 'shop',
  engine,
  masterarn: masterArn,
});

/**
 * A database the steps log in to without a server: users and their passwords at HOST:PORT, every login and statement
 * recorded, every session counted open until closed. It answers the user-exists and MySQL's logged-in-account queries; a password it is told to set
 * it records, and does not apply (PostgreSQL's is a SCRAM verifier: the real-server tests log in with it).
 */
export class FakeDatabase {
  readonly users = new Map<string, string>();
  readonly logins: string[] = [];
  /** Each statement, as whom and in which database it ran. */
  readonly statements: { readonly as: string; readonly db?: string; readonly sql: string }[] = [];
  open = 0;
  /** Statements starting with this fail, as a server refusing them (for want of a privilege). */
  refusing?: string;

  constructor(users: Record<string, string>) {
    Object.entries(users).forEach(([user, password]) => this.users.set(user, password));
  }

  readonly connect: ConnectDatabase = async (login: DatabaseLogin) => {
    if (login.host !== HOST || login.port !== PORT) throw new Error(`connect ECONNREFUSED ${login.host}:${login.port}`);
    if (this.users.get(login.username) !== login.password) {
      throw new Error(`password authentication failed for user "${login.username}"`);
    }
    this.logins.push(login.username);
    this.open += 1;
    return {
      query: async (sql) => {
        this.statements.push({ as: login.username, db: login.dbname, sql });
        if (this.refusing !== undefined && sql.startsWith(this.refusing)) throw new Error('permission denied');
        if (sql === 'SELECT CURRENT_USER() AS account') return [{ account: `${login.username}@%` }];
        const asked = /(?:rolname|User) = '([^']*)'/.exec(sql)?.[1];
        return asked !== undefined && this.users.has(asked) ? [{ '?column?': 1 }] : [];
      },
      close: async () => {
        this.open -= 1;
      },
    };
  };

  /** The statements run, with every password literal cut out. */
  get sql(): string[] {
    return this.statements.map(({ as, sql }) => `${as}: ${sql.replace(/(PASSWORD|BY) '[^']*'/, "$1 '…'")}`);
  }
}

export function dependencies(client: SecretsManagerClient, database: FakeDatabase): RotationDependencies {
  return { secrets: client, connect: database.connect };
}

/** The four steps of one rotation to version `token`, as Secrets Manager runs them after RotateSecret. */
export async function rotateFully(
  deps: RotationDependencies,
  server: SecretsManagerServer,
  secretId: string,
  token: string,
): Promise<string[]> {
  server.startRotation(secretId, token);
  const outcomes: string[] = [];
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
    outcomes.push((await rotateDatabaseSecret(deps, { SecretId: secretId, ClientRequestToken: token, Step })).outcome);
  }
  return outcomes;
}
