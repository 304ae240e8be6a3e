import {
  checkedName,
  shownValue,
  mysqlAccount,
  mysqlIdentifier,
  mysqlLiteral,
  pgIdentifier,
  pgLiteral,
} from '../../../core/database/sql-quoting';

// Names and passwords go into DDL text (no bind parameters there): the quoting must hold against hostile input even
// where a name check was skipped, and the name check must refuse what no database user is called.

describe('checkedName', () => {
  test.each(['application', 'application_clone', '_x', 'a$b', 'A1', 'x'.repeat(63)])('takes %s', (name) => {
    expect(checkedName(name, 'the username')).toBe(name);
  });

  test.each([
    ['an empty name', '', 'nothing'],
    ['a quote', 'app"; DROP ROLE dbadmin; --', '"app\\"; DROP ROLE dbadmin; --"'],
    ['a backtick', 'app`', '"app`"'],
    ['a NUL byte', 'app\0x', '"app\\u0000x"'],
    ['a leading digit', '1app', '"1app"'],
    ['a hyphen', 'my-app', '"my-app"'],
    ['a space', 'my app', '"my app"'],
    ['a letter outside ASCII', 'äpp', '"äpp"'],
    ['64 characters', 'x'.repeat(64), `"${'x'.repeat(64)}"`],
    ['a long hostile name, cut', `${'x'.repeat(80)}"`, `"${'x'.repeat(76)}...`],
    ['a number', 42, '42'],
  ])('refuses %s in one line naming what and what is allowed', (_, value, shown) => {
    expect(() => checkedName(value, 'the username')).toThrow(
      `the username must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got ${shown})`,
    );
  });
});

test('a value in a message is JSON-quoted and cut, so a newline cannot start a forged line', () => {
  expect(shownValue('a\nb')).toBe('"a\\nb"');
  expect(shownValue('y'.repeat(200))).toHaveLength(80);
  expect(shownValue(undefined)).toBe('nothing');
});

describe('PostgreSQL', () => {
  test.each([
    ['application', '"application"'],
    ['Mixed Case', '"Mixed Case"'],
    ['a"b', '"a""b"'],
    ['"; DROP ROLE dbadmin; --', '"""; DROP ROLE dbadmin; --"'],
  ])('identifier %s is double-quoted with quotes doubled: %s', (name, quoted) => {
    expect(pgIdentifier(name)).toBe(quoted);
  });

  test.each([
    ['plain', 'secret', "'secret'"],
    ['a quote', "it's", "'it''s'"],
    ['a quote that would end the string', "x'; DROP ROLE dbadmin; --", "'x''; DROP ROLE dbadmin; --'"],
    ['a backslash, in the E form whatever standard_conforming_strings is', 'a\\b', "E'a\\\\b'"],
    ['a backslash before a quote', "\\'; DROP ROLE dbadmin; --", "E'\\\\''; DROP ROLE dbadmin; --'"],
  ])('literal with %s', (_, value, quoted) => {
    expect(pgLiteral(value)).toBe(quoted);
  });

  test('refuses a NUL byte in an identifier or a literal', () => {
    expect(() => pgIdentifier('a\0b')).toThrow('a PostgreSQL identifier contains a NUL character');
    expect(() => pgLiteral('a\0b')).toThrow('a PostgreSQL string contains a NUL character');
  });
});

describe('MySQL', () => {
  test.each([
    ['app_db', '`app_db`'],
    ['a`b', '`a``b`'],
    ['`; DROP DATABASE app; --', '```; DROP DATABASE app; --`'],
  ])('identifier %s is in backticks with backticks doubled: %s', (name, quoted) => {
    expect(mysqlIdentifier(name)).toBe(quoted);
  });

  test.each([
    ['plain', 'secret', "'secret'"],
    ['a quote', "it's", "'it\\'s'"],
    ['a backslash', 'a\\b', "'a\\\\b'"],
    ['a backslash that would escape the closing quote', 'x\\', "'x\\\\'"],
    ['a backslash before a quote', "\\'; DROP USER dbadmin; --", "'\\\\\\'; DROP USER dbadmin; --'"],
  ])('literal with %s', (_, value, quoted) => {
    expect(mysqlLiteral(value)).toBe(quoted);
  });

  test('an account is the quoted user at any host', () => {
    expect(mysqlAccount("o'brien")).toBe("'o\\'brien'@'%'");
  });

  test('refuses a NUL byte in an identifier or a literal', () => {
    expect(() => mysqlIdentifier('a\0b')).toThrow('a MySQL identifier contains a NUL character');
    expect(() => mysqlLiteral('a\0b')).toThrow('a MySQL string contains a NUL character');
  });
});
