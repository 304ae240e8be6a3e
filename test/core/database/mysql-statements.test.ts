import type { ApplicationUsers } from '../../../core/database/application-users';
import {
  grantedDatabase,
  holdsAllPrivileges,
  mysqlSteps,
  type MysqlState,
} from '../../../core/database/mysql-statements';

const USERS: ApplicationUsers = {
  master: 'admin',
  application: 'application',
  clone: 'application_clone',
  current: 'application',
  other: 'application_clone',
};
const PASSWORDS = { current: "app-'Pw'\\0123", setCurrent: false, other: 'unknown-Pw-0123456789' };
const NOTHING_YET: MysqlState = { users: [], granted: [], wildcardGrants: true };
const IN_PLACE: MysqlState = {
  users: ['application', 'application_clone'],
  granted: ['application', 'application_clone'],
  wildcardGrants: true,
};

test('on a server with neither user: both users, then all privileges on the one database, without GRANT OPTION', () => {
  const steps = mysqlSteps(USERS, 'app_db', NOTHING_YET, PASSWORDS);

  expect(steps.map((step) => step.sql)).toEqual([
    `CREATE USER IF NOT EXISTS 'application'@'%' IDENTIFIED BY 'app-\\'Pw\\'\\\\0123'`,
    `CREATE USER IF NOT EXISTS 'application_clone'@'%' IDENTIFIED BY 'unknown-Pw-0123456789'`,
    "GRANT ALL PRIVILEGES ON `app\\_db`.* TO 'application'@'%'",
    "GRANT ALL PRIVILEGES ON `app\\_db`.* TO 'application_clone'@'%'",
  ]);
  expect(steps.map((step) => step.change)).toEqual([
    "created user application with the application secret's password",
    'created user application_clone with a password nobody knows, until rotation sets one',
    'granted application all privileges on database app_db',
    'granted application_clone all privileges on database app_db',
  ]);
  expect(JSON.stringify(steps.map((step) => step.change))).not.toContain('Pw');
});

test('with everything in place there is nothing to do: a second run changes nothing', () => {
  expect(mysqlSteps(USERS, 'app_db', IN_PLACE, PASSWORDS)).toEqual([]);
});

test('a secret new to the resource sets the password of the user it names when that user exists', () => {
  const clone = { ...USERS, current: 'application_clone', other: 'application' };

  const steps = mysqlSteps(clone, 'app_db', IN_PLACE, { ...PASSWORDS, setCurrent: true });

  expect(steps).toEqual([
    {
      sql: `ALTER USER 'application_clone'@'%' IDENTIFIED BY 'app-\\'Pw\\'\\\\0123'`,
      change: "set the password of application_clone to the application secret's",
    },
  ]);
});

test('a grant names exactly the database: `_` escaped where GRANT reads it as a wildcard, as it is where it does not', () => {
  expect(grantedDatabase('app_db', true)).toBe('`app\\_db`.*');
  expect(grantedDatabase('app_db', false)).toBe('`app_db`.*');
  expect(grantedDatabase('a`b', false)).toBe('`a``b`.*');
});

test("SHOW GRANTS' line of every privilege on the database counts as held; one on another database or fewer privileges does not", () => {
  const lines = [
    "GRANT USAGE ON *.* TO `application`@`%` IDENTIFIED BY PASSWORD '*AB'",
    'GRANT ALL PRIVILEGES ON `app\\_db`.* TO `application`@`%`',
  ];

  expect(holdsAllPrivileges(lines, 'app_db', true)).toBe(true);
  expect(holdsAllPrivileges(lines, 'app_db', false)).toBe(false);
  expect(holdsAllPrivileges(['GRANT ALL PRIVILEGES ON `appxdb`.* TO `application`@`%`'], 'app_db', true)).toBe(false);
  expect(holdsAllPrivileges(['GRANT SELECT, INSERT ON `app\\_db`.* TO `application`@`%`'], 'app_db', true)).toBe(false);
});
