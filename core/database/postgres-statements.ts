/**
 * The PostgreSQL statements that make the application user and its clone, and make the application user the owner of
 * the application's database and of what the master owns in it: only the steps the server's state still lacks, so a
 * second run has none. Pure: postgres-users.ts reads the state and runs the steps, the roles' in one transaction, each
 * object's in one of its own.
 */
import type { ApplicationUsers, SqlStep, UserPasswords } from './application-users';
import { scramSha256Verifier, verifierMatchesServer } from './scram-verifier';
import { pgIdentifier, pgLiteral } from './sql-quoting';

/** An object the master owns in the application's database, as pg_identify_object names it. */
export interface PostgresObject {
  /** pg_identify_object's type: 'table', 'sequence', 'function', 'schema', 'extension', ... */
  readonly type: string;
  /** Its identity, quoted and schema-qualified by the server itself, as ALTER takes it. */
  readonly identity: string;
}

/** What the server holds now of the roles and the database, as far as the run is concerned. */
export interface PostgresRoles {
  /** Which of the application user and its clone exist. */
  readonly roles: readonly string[];
  /** Whether the master may act as the application user: PostgreSQL gives an object only to a role its giver may become. */
  readonly masterActsAsApplication: boolean;
  readonly cloneActsAsApplication: boolean;
  /** The `role` the clone's sessions start as (its ALTER ROLE ... SET role), when it has one. */
  readonly cloneStartsAs?: string;
  readonly databaseOwner: string;
}

export interface PostgresPlan {
  readonly steps: readonly SqlStep[];
  /** The master's objects that stay the master's, each with why. */
  readonly kept: readonly string[];
}

/** The ALTER ... OWNER TO form of each kind of object that a role that is not a superuser may own. */
const OWNER_FORMS: Readonly<Record<string, string>> = {
  schema: 'SCHEMA',
  table: 'TABLE',
  view: 'VIEW',
  'materialized view': 'MATERIALIZED VIEW',
  sequence: 'SEQUENCE',
  'foreign table': 'FOREIGN TABLE',
  function: 'FUNCTION',
  procedure: 'PROCEDURE',
  aggregate: 'AGGREGATE',
  type: 'TYPE',
  domain: 'DOMAIN',
  collation: 'COLLATION',
  conversion: 'CONVERSION',
  operator: 'OPERATOR',
  'operator class': 'OPERATOR CLASS',
  'operator family': 'OPERATOR FAMILY',
  'text search configuration': 'TEXT SEARCH CONFIGURATION',
  'text search dictionary': 'TEXT SEARCH DICTIONARY',
  'statistics object': 'STATISTICS',
  server: 'SERVER',
  'large object': 'LARGE OBJECT',
};

/** Why the others stay with the master. */
const KEPT_BECAUSE: Readonly<Record<string, string>> = {
  extension: 'PostgreSQL gives an extension no other owner',
  'event trigger': 'its owner must be a superuser',
  'foreign-data wrapper': 'its owner must be a superuser',
  subscription: 'its owner must be a superuser',
  publication: "replication stays the administrator's",
};

/**
 * The password clause of CREATE ROLE and ALTER ROLE (here and in rotation's): the SCRAM verifier made here when the
 * server would make the same, else the password.
 */
export function pgPassword(value: string): string {
  return `PASSWORD ${pgLiteral(verifierMatchesServer(value) ? scramSha256Verifier(value) : value)}`;
}

/** The roles, their passwords and memberships, and the database's owner: all or nothing, from the role database. */
export function postgresRolePlan(
  users: ApplicationUsers,
  databaseName: string,
  state: PostgresRoles,
  passwords: UserPasswords,
): SqlStep[] {
  const app = pgIdentifier(users.application);
  const clone = pgIdentifier(users.clone);
  const steps: SqlStep[] = [];
  for (const user of [users.application, users.clone]) {
    if (state.roles.includes(user)) continue;
    const current = user === users.current;
    steps.push({
      // Explicitly none of the administrator's attributes, whatever a default says.
      sql: `CREATE ROLE ${pgIdentifier(user)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION ${pgPassword(current ? passwords.current : passwords.other)}`,
      change: `created role ${user} with ${current ? "the application secret's password" : 'a password nobody knows, until rotation sets one'}`,
    });
  }
  if (passwords.setCurrent && state.roles.includes(users.current)) {
    steps.push({
      sql: `ALTER ROLE ${pgIdentifier(users.current)} WITH ${pgPassword(passwords.current)}`,
      change: `set the password of ${users.current} to the application secret's`,
    });
  }
  if (!state.masterActsAsApplication) {
    steps.push({
      sql: `GRANT ${app} TO ${pgIdentifier(users.master)}`,
      change: `granted ${users.application} to ${users.master}, so that it may hand objects to it`,
    });
  }
  if (!state.cloneActsAsApplication) {
    steps.push({ sql: `GRANT ${app} TO ${clone}`, change: `granted ${users.application} to ${users.clone}` });
  }
  if (state.cloneStartsAs !== users.application) {
    steps.push({
      // What the clone creates (the migrations, in rotation's turns) is then the application user's, as it would be
      // had the application user created it.
      sql: `ALTER ROLE ${clone} SET role = ${pgLiteral(users.application)}`,
      change: `made ${users.clone}'s sessions act as ${users.application}`,
    });
  }
  if (state.databaseOwner !== users.application) {
    steps.push({
      // Before the objects: a new owner needs CREATE on an object's schema, which the database's owner has on `public`.
      sql: `ALTER DATABASE ${pgIdentifier(databaseName)} OWNER TO ${app}`,
      change: `gave database ${databaseName} to ${users.application}`,
    });
  }
  return steps;
}

/**
 * The master's objects in the application's database (but an extension's and a column's sequences), each given to the
 * application user by a statement of its own.
 */
export function postgresOwnershipPlan(users: ApplicationUsers, masterObjects: readonly PostgresObject[]): PostgresPlan {
  const app = pgIdentifier(users.application);
  const steps: SqlStep[] = [];
  const kept: string[] = [];
  // Schemas first: a new owner needs CREATE on an object's schema.
  const objects = [...masterObjects].sort((a, b) => Number(b.type === 'schema') - Number(a.type === 'schema'));
  for (const object of objects) {
    const form = OWNER_FORMS[object.type];
    if (form === undefined) {
      kept.push(
        `${object.type} ${object.identity}: ${KEPT_BECAUSE[object.type] ?? 'not an object the application owns'}`,
      );
      continue;
    }
    steps.push({
      // The identity is the server's own quoting (pg_identify_object), as it wrote it.
      sql: `ALTER ${form} ${object.identity} OWNER TO ${app}`,
      change: `gave ${object.type} ${object.identity} to ${users.application}`,
    });
  }
  return { steps, kept };
}
