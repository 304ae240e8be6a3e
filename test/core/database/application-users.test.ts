import { applicationUsers, unknownPassword } from '../../../core/database/application-users';

const MASTER = { username: 'dbadmin', password: 'x' };

test('the application secret naming the application user: the clone is the other', () => {
  expect(applicationUsers(MASTER, { username: 'application', password: 'y' })).toEqual({
    master: 'dbadmin',
    application: 'application',
    clone: 'application_clone',
    current: 'application',
    other: 'application_clone',
  });
});

test('the application secret naming the clone, after a rotation: the application user is the other', () => {
  expect(applicationUsers(MASTER, { username: 'application_clone', password: 'y' })).toEqual({
    master: 'dbadmin',
    application: 'application',
    clone: 'application_clone',
    current: 'application_clone',
    other: 'application',
  });
});

test.each([
  ["a role of RDS's, whose clone the master would make and grant it", 'rds_superuser_clone'],
  ['another user', 'shop'],
  ['another user with the clone suffix', 'shop_clone'],
  ['the application user in other case', 'Application'],
  ['nothing but the suffix', '_clone'],
  ['a hostile name', `application'@'%`],
])('refuses an application secret naming %s: only application and application_clone are made', (_, username) => {
  expect(() => applicationUsers(MASTER, { username, password: 'y' })).toThrow(
    `the application secret's username ${JSON.stringify(username)} is neither application nor application_clone, the only users the database functions make and rotate: use the application secret the environment stack made`,
  );
});

test.each([
  [
    'a hostile master username',
    'admin"--',
    `the master secret's username must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got "admin\\"--")`,
  ],
  [
    'a master named as the application user',
    'application',
    `the master secret's username "application" is the application's: the master user must be another`,
  ],
  [
    "a master named as the application user's clone",
    'application_clone',
    `the master secret's username "application_clone" is the application's: the master user must be another`,
  ],
])('refuses %s', (_, master, message) => {
  expect(() =>
    applicationUsers({ username: master, password: 'x' }, { username: 'application', password: 'y' }),
  ).toThrow(message);
});

test('an unknown password is new each time, 36 characters of upper, lower case, digits and a symbol', () => {
  const [a, b] = [unknownPassword(), unknownPassword()];

  expect(a).not.toBe(b);
  expect(a).toMatch(/^[A-Za-z0-9_-]{32}-Aa1$/);
});
