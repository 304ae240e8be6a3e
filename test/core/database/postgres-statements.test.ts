import type { ApplicationUsers } from '../../../core/database/application-users';
import {
  postgresOwnershipPlan,
  postgresRolePlan,
  type PostgresRoles,
} from '../../../core/database/postgres-statements';

const USERS: ApplicationUsers = {
  master: 'dbadmin',
  application: 'application',
  clone: 'application_clone',
  current: 'application',
  other: 'application_clone',
};
const PASSWORDS = { current: 'app-Pw-0123456789', setCurrent: false, other: 'unknown-Pw-0123456789' };
const NOTHING_YET: PostgresRoles = {
  roles: [],
  masterActsAsApplication: false,
  cloneActsAsApplication: false,
  databaseOwner: 'dbadmin',
};
const IN_PLACE: PostgresRoles = {
  roles: ['application', 'application_clone'],
  masterActsAsApplication: true,
  cloneActsAsApplication: true,
  cloneStartsAs: 'application',
  databaseOwner: 'application',
};
const VERIFIER = /PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'$/;

test('on a database with neither user: both roles, the grants, the clone acting as the application user, then the database', () => {
  const steps = postgresRolePlan(USERS, 'app', NOTHING_YET, PASSWORDS);

  expect(steps.map((step) => step.sql.replace(/ PASSWORD .*$/, ' PASSWORD …'))).toEqual([
    'CREATE ROLE "application" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD …',
    'CREATE ROLE "application_clone" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD …',
    'GRANT "application" TO "dbadmin"',
    'GRANT "application" TO "application_clone"',
    `ALTER ROLE "application_clone" SET role = 'application'`,
    'ALTER DATABASE "app" OWNER TO "application"',
  ]);
  expect(steps.map((step) => step.change)).toEqual([
    "created role application with the application secret's password",
    'created role application_clone with a password nobody knows, until rotation sets one',
    'granted application to dbadmin, so that it may hand objects to it',
    'granted application to application_clone',
    "made application_clone's sessions act as application",
    'gave database app to application',
  ]);
});

test('passwords go as SCRAM verifiers, never as themselves, and no change line holds one', () => {
  const steps = postgresRolePlan(USERS, 'app', NOTHING_YET, PASSWORDS);

  expect(steps[0].sql).toMatch(VERIFIER);
  expect(steps[1].sql).toMatch(VERIFIER);
  const text = JSON.stringify(steps);
  expect(text).not.toContain(PASSWORDS.current);
  expect(text).not.toContain(PASSWORDS.other);
});

test('a password the server would normalize goes as a literal, quotes and backslashes escaped', () => {
  const steps = postgresRolePlan(USERS, 'app', NOTHING_YET, { ...PASSWORDS, current: "pässwörd'\\" });

  expect(steps[0].sql).toMatch(/ PASSWORD E'pässwörd''\\\\'$/);
});

test('with everything in place there is nothing to do: a second run changes nothing', () => {
  expect(postgresRolePlan(USERS, 'app', IN_PLACE, PASSWORDS)).toEqual([]);
  expect(postgresOwnershipPlan(USERS, [])).toEqual({ steps: [], kept: [] });
});

test('a secret new to the resource sets the password of the user it names when that user exists', () => {
  const clone = { ...USERS, current: 'application_clone', other: 'application' };

  const steps = postgresRolePlan(clone, 'app', IN_PLACE, { ...PASSWORDS, setCurrent: true });

  expect(steps).toHaveLength(1);
  expect(steps[0].sql).toMatch(/^ALTER ROLE "application_clone" WITH PASSWORD 'SCRAM-SHA-256\$/);
  expect(steps[0].change).toBe("set the password of application_clone to the application secret's");
});

test('the clone the secret names gets its password when created; the application user gets the unknown one', () => {
  const clone = { ...USERS, current: 'application_clone', other: 'application' };

  const steps = postgresRolePlan(clone, 'app', NOTHING_YET, { ...PASSWORDS, setCurrent: true });

  expect(steps.slice(0, 2).map((step) => step.change)).toEqual([
    'created role application with a password nobody knows, until rotation sets one',
    "created role application_clone with the application secret's password",
  ]);
  expect(steps.filter((step) => step.sql.startsWith('ALTER ROLE') && step.sql.includes('PASSWORD'))).toEqual([]);
});

test("the master's objects: schemas first, each by the server's quoted identity; what may not move stays, saying why", () => {
  const objects = postgresOwnershipPlan(USERS, [
    { type: 'extension', identity: 'pgcrypto' },
    { type: 'function', identity: 'public.f(integer)' },
    { type: 'schema', identity: 'billing' },
    { type: 'table', identity: 'public."Odd ""Name"""' },
    { type: 'large object', identity: '4242' },
    { type: 'event trigger', identity: 'audit' },
    { type: 'domain', identity: 'public.positive' },
  ]);

  expect(objects.steps.map((step) => step.sql)).toEqual([
    'ALTER SCHEMA billing OWNER TO "application"',
    'ALTER FUNCTION public.f(integer) OWNER TO "application"',
    'ALTER TABLE public."Odd ""Name""" OWNER TO "application"',
    'ALTER LARGE OBJECT 4242 OWNER TO "application"',
    'ALTER DOMAIN public.positive OWNER TO "application"',
  ]);
  expect(objects.kept).toEqual([
    'extension pgcrypto: PostgreSQL gives an extension no other owner',
    'event trigger audit: its owner must be a superuser',
  ]);
});

test('names are quoted, so a name that got past the checks still cannot end its quotes', () => {
  const hostile = { ...USERS, master: 'x"; DROP ROLE dbadmin; --' };

  const steps = postgresRolePlan(hostile, 'a"b', NOTHING_YET, PASSWORDS);

  expect(steps.map((step) => step.sql)).toContain('GRANT "application" TO "x""; DROP ROLE dbadmin; --"');
  expect(steps.map((step) => step.sql)).toContain('ALTER DATABASE "a""b" OWNER TO "application"');
});
