import { applicationUsers, unknownPassword } from '../../../core/database/application-users';

const MASTER = { username: 'dbadmin', password: 'x' };

test('the application secret naming the application user: the clone is the other', () => {
  expect(applicationUsers(MASTER, { username: 'application', password: 'y' }, 'postgres')).toEqual({
    master: 'dbadmin',
    application: 'application',
    clone: 'application_clone',
    current: 'application',
    other: 'application_clone',
  });
});

test('the application secret naming the clone, after a rotation: the application user is the base of its name', () => {
  expect(applicationUsers(MASTER, { username: 'application_clone', password: 'y' }, 'mysql')).toEqual({
    master: 'dbadmin',
    application: 'application',
    clone: 'application_clone',
    current: 'application_clone',
    other: 'application',
  });
});

test.each([
  [
    'a hostile application username',
    'dbadmin',
    `app'@'%`,
    'postgres',
    `the application secret's username must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got "app'@'%")`,
  ],
  [
    'a hostile master username',
    'admin"--',
    'application',
    'postgres',
    `the master secret's username must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got "admin\\"--")`,
  ],
  [
    'only the suffix',
    'dbadmin',
    '_clone',
    'postgres',
    `the application secret's username without its rotation suffix must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got nothing)`,
  ],
  [
    'a name whose clone is longer than MySQL allows',
    'dbadmin',
    'a'.repeat(27),
    'mysql',
    `the application secret's username "${'a'.repeat(27)}" is too long: its rotation clone "${'a'.repeat(27)}_clone" must fit mysql's 32 characters`,
  ],
  [
    'the master user',
    'dbadmin',
    'dbadmin',
    'postgres',
    `the application secret names the master user "dbadmin": the application must have a user of its own`,
  ],
  [
    "the master user's clone",
    'app_clone',
    'app',
    'postgres',
    `the application secret names the master user "app_clone": the application must have a user of its own`,
  ],
] as const)('refuses %s', (_, master, application, family, message) => {
  expect(() =>
    applicationUsers({ username: master, password: 'x' }, { username: application, password: 'y' }, family),
  ).toThrow(message);
});

test("a 26-character name's clone fits MySQL's 32 characters", () => {
  expect(applicationUsers(MASTER, { username: 'a'.repeat(26), password: 'y' }, 'mysql').clone).toHaveLength(32);
});

test('an unknown password is new each time, 36 characters of upper, lower case, digits and a symbol', () => {
  const [a, b] = [unknownPassword(), unknownPassword()];

  expect(a).not.toBe(b);
  expect(a).toMatch(/^[A-Za-z0-9_-]{32}-Aa1$/);
});
