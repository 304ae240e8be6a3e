/**
 * How the database-users function reaches the database: the endpoint its secrets name, always over TLS that verifies
 * the server's certificate and name, with short timeouts.
 */
import { isIP } from 'node:net';
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import type { DatabaseSecret } from './database-secrets';

/**
 * A connection waits 10 s at most; a statement 30 s. A lock 5 s: taking a table from the master takes a lock on it,
 * and a migration or a long transaction of the running services holding one should fail this run (CloudFormation
 * reports it; the next deployment runs it again) rather than queue the services' own queries behind it.
 */
export const DATABASE_TIMEOUTS = { connectMs: 10_000, statementMs: 30_000, lockMs: 5_000 } as const;

export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
}

/** The master user's login at the endpoint. */
export interface MasterLogin extends DatabaseEndpoint {
  readonly user: string;
  readonly password: string;
  /** A CA to trust besides the runtime's: tests only. */
  readonly ca?: string;
}

/** The endpoint the master secret names, else the application secret's (RDS's own master secret names none). */
export function databaseEndpoint(
  master: DatabaseSecret,
  application: DatabaseSecret,
  family: DatabaseEngineFamily,
): DatabaseEndpoint {
  const named = master.host !== undefined ? master : application;
  if (named.host === undefined) {
    throw new Error(
      "neither the master secret nor the application secret holds a 'host': attach the application secret to the database instance or cluster",
    );
  }
  return { host: named.host, port: named.port ?? (family === 'postgres' ? 5432 : 3306) };
}

/**
 * TLS settings that refuse a server whose certificate no trusted CA signed or that names another host. `ca` is for
 * tests: in Lambda the runtime's trust store holds the RDS CAs (NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem, which
 * the function's stack sets).
 */
export function verifiedTls(
  host: string,
  ca?: string,
): {
  readonly rejectUnauthorized: true;
  readonly servername?: string;
  readonly ca?: string;
} {
  return {
    rejectUnauthorized: true,
    // SNI may not carry an IP address (RFC 6066); the certificate is then checked against the address itself.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(ca === undefined ? {} : { ca }),
  };
}
