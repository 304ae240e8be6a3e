import type { Client } from 'pg';
import { putPending } from '../../../core/database-rotation/secret-versions';
import { MASTER_SECRET, resourceEvent } from './support/database-users-harness';
import { POSTGRES_RESOURCE, usePostgresUsers } from './support/postgres-users-file';
import { asPostgresMaster, MASTER } from './support/rds-like';

// Runs that meet a database in use, on a real PostgreSQL 15 server set up as RDS sets one up: the services' own
// sessions holding locks on the master's tables, and the master secret's own rotation half done.

const { props: PROPS, physicalId: PHYSICAL_ID } = POSTGRES_RESOURCE;
const db = usePostgresUsers(['app'], 'app-Pw-0123456789abcdefghij', async () => {
  await asPostgresMaster(
    db.server,
    'app',
    'CREATE TABLE a_first (id int); CREATE TABLE b_second (id int); CREATE TABLE c_third (id int)',
  );
});

async function owners(): Promise<Record<string, string>> {
  const rows = await db.server.query<{ relname: string; owner: string }>(
    'app',
    `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.relname, row.owner]));
}

/** Waits until the run's session waits for a lock. */
async function runWaitsForLock(): Promise<void> {
  for (const deadline = Date.now() + 4_000; Date.now() < deadline;) {
    const waiting = await db.server.query(
      'postgres',
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'bluegreen-database-users' AND wait_event_type = 'Lock'`,
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run never waited for the lock');
}

test("a lock held on the second table fails the run after the first, which no lock of the run's holds any more; the next run does the rest", async () => {
  // A service's transaction reading b_second: ALTER TABLE ... OWNER TO waits for it, 5 s at most (lock_timeout).
  const service: Client = await db.server.connect('app');
  const reader: Client = await db.server.connect('app');
  try {
    await service.query('BEGIN; LOCK TABLE b_second IN ACCESS SHARE MODE');

    const interrupted = db.run(resourceEvent.create(PROPS)).then(
      () => 'completed',
      (error: Error) => error.message,
    );
    await runWaitsForLock();
    // While the run waits on b_second, a_first is the application's already and free to read.
    await reader.query(`SET lock_timeout = '1s'`);
    await expect(reader.query('SELECT count(*) FROM a_first')).resolves.toMatchObject({ rows: [{ count: '0' }] });

    expect(await interrupted).toMatch(
      /^PostgreSQL refused to do this \(gave table public\.b_second to application\): canceling statement due to lock timeout; the \d+ changes before it are made, and the next run makes the rest$/,
    );
    expect(await owners()).toEqual({ a_first: 'application', b_second: 'dbadmin', c_third: 'dbadmin' });
  } finally {
    await service.query('ROLLBACK');
    await Promise.all([service.end(), reader.end()]);
  }

  const outcome = await db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

  expect(outcome.changes).toEqual([
    'gave table public.b_second to application',
    'gave table public.c_third to application',
  ]);
  expect(await owners()).toEqual({ a_first: 'application', b_second: 'application', c_third: 'application' });
}, 20_000);

describe("the master secret's own rotation between setSecret and finishSecret: the database has AWSPENDING's password", () => {
  const ROTATED = 'master-Pw-rotated-0123456789';

  /** A rotation of the master secret to `value`, past createSecret: the version is AWSPENDING. */
  async function pendingMaster(token: string, value: Record<string, unknown>): Promise<void> {
    db.secrets.startRotation(MASTER_SECRET, token);
    await putPending(db.secrets.client(), { secretId: MASTER_SECRET, token, step: 'setSecret' }, value);
  }

  beforeAll(async () => {
    await pendingMaster('rotation-1', { ...db.secrets.valueAt(MASTER_SECRET, 'AWSCURRENT'), password: ROTATED });
    await db.server.query('postgres', `ALTER ROLE ${MASTER.username} PASSWORD '${ROTATED}'`);
  });

  test('the run logs in with the pending password, once the current one is refused', async () => {
    const master = await db.server.connect('app', { user: MASTER.username, password: ROTATED });
    await master.query('CREATE TABLE d_fourth (id int)');
    await master.end();

    const outcome = await db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

    expect(outcome.changes).toEqual(['gave table public.d_fourth to application']);
  });

  test("a pending version of another user is not tried: the current password's refusal is the answer", async () => {
    await pendingMaster('rotation-2', { username: 'someone_else', password: ROTATED });

    await expect(db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID))).rejects.toThrow(
      /^could not connect to PostgreSQL at localhost:\d+, database postgres, as dbadmin: password authentication failed for user "dbadmin"$/,
    );
  });

  test('when neither password logs in, one line says both were tried and what to do', async () => {
    await pendingMaster('rotation-3', { ...MASTER, password: 'neither-Pw-0123456789' });

    await expect(db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID))).rejects.toThrow(
      /^could not connect to PostgreSQL at localhost:\d+, database postgres, as dbadmin: password authentication failed for user "dbadmin" \(with the AWSCURRENT password, and with the AWSPENDING one of a rotation in progress\): set the master secret's password to the database's \(modify the instance or cluster's master password\)$/,
    );
  });
});
