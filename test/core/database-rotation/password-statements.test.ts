import {
  MYSQL_LOGGED_IN_ACCOUNT,
  setMysqlAccountPassword,
  setUserPassword,
  userExists,
} from '../../../core/database-rotation/password-statements';

test('PostgreSQL: the role quoted as a name, the password sent as its SCRAM verifier', () => {
  expect(setUserPassword('postgres', 'Odd "Name"', 'Abc123xyz')).toMatch(
    /^ALTER ROLE "Odd ""Name""" WITH PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'$/,
  );
});

test('PostgreSQL: a password the server would normalize first is sent as a quoted literal', () => {
  expect(setUserPassword('postgres', 'application', "pässword's")).toBe(
    `ALTER ROLE "application" WITH PASSWORD 'pässword''s'`,
  );
});

test('PostgreSQL refuses a NUL in a name or a password rather than cut it', () => {
  expect(() => setUserPassword('postgres', 'app\0lication', 'x')).toThrow(/NUL/);
  expect(() => setUserPassword('postgres', 'application', 'pä\0ss')).toThrow(/NUL/);
});

test('MySQL: the account at any host, quotes and backslashes of the password escaped', () => {
  expect(setUserPassword('mysql', "o'brien", `a'b\\c`)).toBe(`ALTER USER 'o\\'brien'@'%' IDENTIFIED BY 'a\\'b\\\\c'`);
});

test("MySQL: the logged-in account by its name and host, split at the host's '@'", () => {
  expect(MYSQL_LOGGED_IN_ACCOUNT).toBe('SELECT CURRENT_USER() AS account');
  expect(setMysqlAccountPassword('dbadmin@%', 'dbadmin', 'pw')).toBe(`ALTER USER 'dbadmin'@'%' IDENTIFIED BY 'pw'`);
  expect(setMysqlAccountPassword('me@corp@10.0.%', 'me@corp', 'pw')).toBe(
    `ALTER USER 'me@corp'@'10.0.%' IDENTIFIED BY 'pw'`,
  );
  expect(() => setMysqlAccountPassword('undefined', 'dbadmin', 'pw')).toThrow(
    'MySQL named the logged-in account "undefined", not user@host',
  );
});

test("MySQL: an account of another user than the secret's (an anonymous one the login landed on) is not changed", () => {
  expect(() => setMysqlAccountPassword('@%', 'dbadmin', 'pw')).toThrow(
    `MySQL logged dbadmin in as the account "@%", another user's: not changing its password; remove that account or give dbadmin an account of its own, then rotate again`,
  );
  expect(() => setMysqlAccountPassword('root@localhost', 'dbadmin', 'pw')).toThrow(/another user's/);
});

test('whether a user exists: by name, as a quoted literal', () => {
  expect(userExists('postgres', "app'x")).toBe(`SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'app''x'`);
  expect(userExists('mysql', "app'x")).toBe(`SELECT 1 FROM mysql.user WHERE User = 'app\\'x' AND Host = '%'`);
});
