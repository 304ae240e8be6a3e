import { rotatedCredentials, rotationStrategy } from '../../../core/database-rotation/rotated-credentials';
import { applicationValue, masterValue } from './harness';

const json = (value: unknown) => JSON.stringify(value);

test('reads an attached secret: the login, where it logs in, the engine family, and every field to keep', () => {
  const value = { ...masterValue('aurora-mysql'), port: '3307', dbClusterIdentifier: 'shop' };
  const read = rotatedCredentials(json(value), 'AWSCURRENT of s');

  expect(read).toMatchObject({
    username: 'dbadmin',
    host: value.host,
    port: 3307,
    engine: 'aurora-mysql',
    family: 'mysql',
  });
  expect(read.fields).toEqual(value);
  expect(read.masterarn).toBeUndefined();
});

test.each([
  ['postgres', 'postgres'],
  ['aurora-postgresql', 'postgres'],
  ['mysql', 'mysql'],
  ['aurora-mysql', 'mysql'],
])('engine %s speaks %s', (engine, family) => {
  expect(rotatedCredentials(json(masterValue(engine)), 's').family).toBe(family);
});

test("PostgreSQL logs in to 'postgres' when the secret names no database, as AWS's functions do; MySQL to none", () => {
  const { dbname: _pg, ...postgres } = masterValue('postgres');
  const { dbname: _my, ...mysql } = masterValue('mysql');
  expect(rotatedCredentials(json(postgres), 's').dbname).toBe('postgres');
  expect(rotatedCredentials(json(mysql), 's').dbname).toBeUndefined();
});

test.each([
  ['no JSON', 'not json', /^AWSCURRENT of s must hold a JSON object with a string 'username' and 'password'/],
  ['no host', json({ ...masterValue(), host: undefined }), /^AWSCURRENT of s has no host: .*attach the secret/],
  ['no port', json({ ...masterValue(), port: undefined }), /^AWSCURRENT of s has no port: /],
  [
    'another engine',
    json(masterValue('sqlserver-ex')),
    /^AWSCURRENT of s names engine "sqlserver-ex", not one of postgres, mysql, aurora-postgresql, aurora-mysql/,
  ],
  ['no engine', json({ ...masterValue(), engine: undefined }), /^AWSCURRENT of s names engine null/],
  ['an empty masterarn', json(applicationValue('')), /^AWSCURRENT of s has a masterarn that is not a secret's ARN/],
])('refuses a secret with %s, naming it', (_, value, message) => {
  expect(() => rotatedCredentials(value, 'AWSCURRENT of s')).toThrow(message);
});

test('a secret naming a master secret alternates users; one without changes its own password', () => {
  expect(rotationStrategy(rotatedCredentials(json(applicationValue('arn:master')), 's'))).toBe('alternating users');
  expect(rotationStrategy(rotatedCredentials(json(masterValue()), 's'))).toBe('single user');
});
