/**
 * setSecret: makes the database accept the pending version's password, as AWS's RDS rotation functions do for each
 * strategy (aws-samples/aws-secrets-manager-rotation-lambdas, SecretsManagerRDS{PostgreSQL,MySQL}Rotation
 * {SingleUser,MultiUser}). A retried step finds the pending password already logging in and does nothing.
 */
import { applicationUsers } from '../database/application-users';
import { databaseEndpoint, POSTGRES_ROLE_DATABASE } from '../database/database-connection';
import { readDatabaseSecret, readPendingDatabaseSecret } from '../database/database-secrets';
import { closing, describeLogin, tryLogin, type DatabaseLogin, type DatabaseSession } from './database-session';
import { MYSQL_LOGGED_IN_ACCOUNT, setMysqlAccountPassword, setUserPassword, userExists } from './password-statements';
import { rotatedCredentials, rotationStrategy, type RotatedCredentials } from './rotated-credentials';
import type { RotationDependencies } from './rotate-secret';
import type { RotationEvent } from '../secret-rotation/rotation-event';
import { CURRENT, PENDING, PREVIOUS, secretValue, type SecretsClient } from '../secret-rotation/secret-versions';
import { readSecret } from './secret-versions';

export async function setSecret(deps: RotationDependencies, event: RotationEvent): Promise<string> {
  const current = await readSecret(deps.secrets, event.secretId, CURRENT);
  const pending = await readSecret(deps.secrets, event.secretId, PENDING, event.token);
  const already = await tryLogin(deps.connect, pending);
  if ('session' in already) {
    await already.session.close();
    return `the pending password of ${pending.username} already logs in: nothing to set`;
  }
  return rotationStrategy(current) === 'single user'
    ? changeOwnPassword(deps, event.secretId, current, pending)
    : setOtherUsersPassword(deps, event.secretId, current, pending);
}

/** Single user: the user logs in with its current (or, after a half-done rotation, previous) password and changes it. */
async function changeOwnPassword(
  deps: RotationDependencies,
  secretId: string,
  current: RotatedCredentials,
  pending: RotatedCredentials,
): Promise<string> {
  sameUserAndHost(secretId, pending, current, CURRENT);
  let login = await tryLogin(deps.connect, roleWork(current));
  const failures: string[] = [];
  if ('failure' in login) {
    failures.push(`AWSCURRENT: ${login.failure}`);
    const previous = await previousVersion(deps.secrets, secretId);
    if (previous !== undefined) {
      sameUserAndHost(secretId, pending, previous, PREVIOUS);
      login = await tryLogin(deps.connect, roleWork({ ...previous, dbname: current.dbname }));
      if ('failure' in login) failures.push(`AWSPREVIOUS: ${login.failure}`);
    }
  }
  if ('failure' in login) {
    throw new Error(
      `${describeLogin(current)} logs in with no version of secret ${secretId} (${failures.join('; ')}): not rotating; set the user's password in the database to the AWSCURRENT one (for the master user: modify the instance or cluster's master password) and rotate again`,
    );
  }
  await closing(login.session, async (s) => {
    const change = await ownPasswordChange(s, pending);
    await refusedAs(s.query(change), `${pending.username} changing its own password`, secretId);
  });
  return `${pending.username} changed its own password to the pending one`;
}

/** The statement that changes the logged-in user's password to `pending`'s. */
async function ownPasswordChange(session: DatabaseSession, pending: RotatedCredentials): Promise<string> {
  if (pending.family === 'postgres') return setUserPassword('postgres', pending.username, pending.password);
  const [row] = await session.query(MYSQL_LOGGED_IN_ACCOUNT);
  return setMysqlAccountPassword(String(row?.account), pending.username, pending.password);
}

/** Alternating users: the master user sets the password of the user that is not current, which must exist. */
async function setOtherUsersPassword(
  deps: RotationDependencies,
  secretId: string,
  current: RotatedCredentials,
  pending: RotatedCredentials,
): Promise<string> {
  const masterArn = current.masterarn as string;
  const master = await readDatabaseSecret(deps.secrets, masterArn, 'master');
  const { other } = applicationUsers(master, current);
  if (pending.username !== other) {
    throw new Error(
      `the pending version of secret ${secretId} names user ${pending.username}, not ${other} (who alternates with the current ${current.username}): not rotating; cancel this rotation (remove its AWSPENDING label) and rotate again`,
    );
  }
  sameUserAndHost(secretId, pending, { ...current, username: other }, CURRENT);
  // The current credentials must log in before the master acts for them: a secret naming a host or user it has no
  // login for does not get the master's password sent there (AWS's functions check the same).
  const currentLogin = await tryLogin(deps.connect, current);
  if ('failure' in currentLogin) {
    throw new Error(
      `the AWSCURRENT version of secret ${secretId} does not log in as ${describeLogin(current)} (${currentLogin.failure}): not rotating; fix the secret or the user's password, then rotate again`,
    );
  }
  await currentLogin.session.close();
  const endpoint = databaseEndpoint(master, current, current.family);
  if (endpoint.host !== current.host || endpoint.port !== current.port) {
    throw new Error(
      `master secret ${masterArn} is for ${endpoint.host}:${endpoint.port}, secret ${secretId} for ${current.host}:${current.port}: not rotating; masterarn must name the master secret of the same database`,
    );
  }
  const masterLogin = roleWork({ ...current, username: master.username, password: master.password });
  let session = await tryLogin(deps.connect, masterLogin);
  if ('failure' in session) {
    // The master's own single-user rotation may have set its new password but not yet made it current (the two
    // schedules run apart): its AWSPENDING version, for the same user, is tried once.
    const pending = await readPendingDatabaseSecret(deps.secrets, masterArn, 'master');
    if (pending !== undefined && pending.username === master.username && pending.password !== master.password) {
      const retry = await tryLogin(deps.connect, { ...masterLogin, password: pending.password });
      if (!('failure' in retry)) session = retry;
    }
  }
  if ('failure' in session) {
    throw new Error(
      `master secret ${masterArn} does not log in as ${describeLogin(masterLogin)} (${session.failure}): not setting ${other}'s password; fix the master secret's password, then rotate again`,
    );
  }
  await closing(session.session, async (s) => {
    if ((await s.query(userExists(pending.family, other))).length === 0) {
      throw new Error(
        `user ${other} does not exist on ${current.host}: not rotating secret ${secretId}; deploy the environment stack, whose database-users function makes ${current.username} and ${other}, then rotate again`,
      );
    }
    const change = setUserPassword(pending.family, other, pending.password);
    await refusedAs(s.query(change), `the master user setting ${other}'s password`, secretId);
  });
  return `the master user set ${other}'s password to the pending one`;
}

/**
 * Where a step changes a password as `login`: on PostgreSQL, the role database (POSTGRES_ROLE_DATABASE), never the
 * application's, whose owner may plant objects there and set what its sessions run with; on MySQL, where it says.
 */
function roleWork(login: DatabaseLogin): DatabaseLogin {
  return login.family === 'postgres' ? { ...login, dbname: POSTGRES_ROLE_DATABASE } : login;
}

/** The pending version is for the user of `other` on its database, or this rotation is not that user's. */
function sameUserAndHost(
  secretId: string,
  pending: RotatedCredentials,
  other: RotatedCredentials,
  stage: string,
): void {
  if (pending.username !== other.username || pending.host !== other.host || pending.port !== other.port) {
    throw new Error(
      `the pending version of secret ${secretId} is for ${describeLogin(pending)}, its ${stage} version for ${describeLogin(other)}: not rotating; a rotation changes the password of the same user on the same database`,
    );
  }
}

/** `statement`, its failure said in one line (the driver's message never holds the statement, nor its password). */
async function refusedAs(statement: Promise<unknown>, what: string, secretId: string): Promise<void> {
  try {
    await statement;
  } catch (error) {
    throw new Error(
      `the database refused ${what} (${(error as Error).message}): not rotating secret ${secretId}; the pending version stays pending, rotate again once the user may change it`,
    );
  }
}

/** AWSPREVIOUS, when there is one and it is a database secret (AWS's functions skip it otherwise). */
async function previousVersion(secrets: SecretsClient, secretId: string): Promise<RotatedCredentials | undefined> {
  const value = await secretValue(secrets, secretId, PREVIOUS);
  if (value === undefined) return undefined;
  try {
    return rotatedCredentials(value, `the AWSPREVIOUS version of secret ${secretId}`);
  } catch {
    return undefined;
  }
}
