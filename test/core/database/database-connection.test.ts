import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  databaseEndpoint,
  defaultAuthorities,
  RDS_CERTIFICATE_AUTHORITIES,
  verifiedTls,
} from '../../../core/database/database-connection';

test("the master secret's endpoint first; the application secret's when the master's names none (RDS's own)", () => {
  const application = { username: 'application', password: 'y', host: 'app.example', port: 6543 };

  expect(
    databaseEndpoint({ username: 'm', password: 'x', host: 'db.example', port: 5433 }, application, 'postgres'),
  ).toEqual({
    host: 'db.example',
    port: 5433,
  });
  expect(databaseEndpoint({ username: 'm', password: 'x' }, application, 'postgres')).toEqual({
    host: 'app.example',
    port: 6543,
  });
});

test("each family's own port when the secret names none", () => {
  const secret = { username: 'm', password: 'x', host: 'db.example' };

  expect(databaseEndpoint(secret, secret, 'postgres').port).toBe(5432);
  expect(databaseEndpoint(secret, secret, 'mysql').port).toBe(3306);
});

test('refuses secrets that name no host, saying what to do', () => {
  expect(() => databaseEndpoint({ username: 'm', password: 'x' }, { username: 'a', password: 'y' }, 'mysql')).toThrow(
    "neither the master secret nor the application secret holds a 'host': attach the application secret to the database instance or cluster",
  );
});

test('TLS always verifies the certificate, and the name it is for when the host is a name (SNI carries no address)', () => {
  expect(verifiedTls('db.abc.eu-west-1.rds.amazonaws.com')).toEqual({
    rejectUnauthorized: true,
    servername: 'db.abc.eu-west-1.rds.amazonaws.com',
    ca: [...RDS_CERTIFICATE_AUTHORITIES],
  });
  expect(verifiedTls('10.0.0.5', 'PEM')).toEqual({ rejectUnauthorized: true, ca: 'PEM' });
});

test('without a CA given (as in Lambda, where this machine has no runtime bundle) the RDS root CAs are trusted', () => {
  const trusted = verifiedTls('db.abc.eu-west-1.rds.amazonaws.com').ca;
  const subjects = (Array.isArray(trusted) ? trusted : [trusted]).map((pem) => new X509Certificate(pem).subject);

  for (const name of ['RSA2048 G1', 'RSA4096 G1', 'ECC384 G1']) {
    expect(subjects).toContainEqual(expect.stringContaining(`CN=Amazon RDS eu-west-1 Root CA ${name}`));
  }
  expect(subjects).toContainEqual(expect.stringContaining('CN=Amazon RDS us-east-1 Root CA RSA2048 G1'));
  expect(subjects.every((subject) => /\bO=Amazon/.test(subject) || /Starfield/.test(subject))).toBe(true);
  expect(subjects.some((subject) => /DigiCert|ISRG|GlobalSign/.test(subject))).toBe(false);
});

test("the Lambda runtime's Amazon bundle is trusted besides the RDS CAs when the runtime has one", () => {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-cas-'));
  try {
    const bundle = join(dir, 'ca-cert.pem');
    expect(defaultAuthorities(bundle)).toEqual([...RDS_CERTIFICATE_AUTHORITIES]);
    writeFileSync(bundle, 'RUNTIME PEM');
    expect(defaultAuthorities(bundle)).toEqual([...RDS_CERTIFICATE_AUTHORITIES, 'RUNTIME PEM']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
