import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Client, type ClientConfig } from 'pg';
import { freePort, removeFolder, serverAccount, serverBinary, serverFolder, ServerProcess } from './server-process';
import { LOOPBACK_NAMES, makeTestCa, type TestCa } from './test-ca';

/** How Node's TLS lists a certificate's names (TLSSocket.getPeerCertificate().subjectaltname). */
function sanOf(names: readonly string[]): string {
  return names.map((name) => (/^[\d.]+$/.test(name) ? `IP Address:${name}` : `DNS:${name}`)).join(', ');
}

/** The superuser the tests set the server up with; RDS keeps its own (rdsadmin) out of the master's reach. */
export const POSTGRES_SUPERUSER = 'postgres';

export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly ca: TestCa;
  /** A connected client (TLS, verified against the test CA), as the superuser unless `as` names another login. */
  connect(database: string, as?: { user: string; password: string }): Promise<Client>;
  /** Runs `sql` as the superuser in `database`, in a session kept for it. */
  query<R extends Record<string, unknown>>(database: string, sql: string, values?: unknown[]): Promise<R[]>;
  /** Serves a certificate for `names` from now on (pg_reload_conf): a test of what clients refuse. */
  serveCertificate(names: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL = 'install PostgreSQL (Debian: apt-get install postgresql)';

/** Where Debian's packages put the server programs, which are not always on PATH. */
function postgresBinary(name: string): string {
  const versioned = (() => {
    try {
      return readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin/${name}`);
    } catch {
      return [];
    }
  })();
  return serverBinary(`PostgreSQL's ${name}`, [name, ...versioned], INSTALL);
}

/**
 * A real PostgreSQL server on 127.0.0.1 in a folder of its own: TLS only (no Unix socket, no plain TCP), password
 * logins (SCRAM), a superuser for the test's set-up. Durability is off: the folder is removed with the server.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const initdb = postgresBinary('initdb');
  const postgres = postgresBinary('postgres');
  const account = serverAccount();
  const dir = serverFolder('bluegreen-postgres-', account);
  let server: ServerProcess | undefined;
  try {
    const superPassword = `super-${process.pid}-${Date.now()}`;
    const passwordFile = join(dir, 'superuser-password');
    writeFileSync(passwordFile, superPassword);
    const data = join(dir, 'data');
    const ca = makeTestCa(join(dir, 'ca'));
    if (account) {
      chownSync(dir, account.uid, account.gid);
      chownSync(passwordFile, account.uid, account.gid);
    }
    execFileSync(
      initdb,
      [
        ...['-D', data, '-U', POSTGRES_SUPERUSER, `--pwfile=${passwordFile}`],
        ...['--auth=scram-sha-256', '--no-sync', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      ],
      { ...account, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // hostssl only: a connection without TLS finds no line and is refused, as RDS does with rds.force_ssl.
    writeFileSync(join(data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 scram-sha-256\n');
    const certificate = (names: readonly string[]) => {
      const made = ca.serverCertificate(join(dir, 'ca'), 'server', names);
      // The server reads its key only when it is private to the server's account.
      for (const [from, to] of [
        [made.certFile, 'server.crt'],
        [made.keyFile, 'server.key'],
      ]) {
        copyFileSync(from, join(data, to));
        chmodSync(join(data, to), 0o600);
        if (account) chownSync(join(data, to), account.uid, account.gid);
      }
    };
    certificate(LOOPBACK_NAMES);
    const port = await freePort();
    server = new ServerProcess(
      postgres,
      [
        ...['-D', data, '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`, '-c', 'unix_socket_directories='],
        ...['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key'],
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ...['-c', 'shared_buffers=16MB', '-c', 'max_connections=30'],
      ],
      // SIGQUIT: PostgreSQL's immediate shutdown, which ends its sessions' processes with it and writes nothing:
      // nothing in the folder is kept.
      { ...account, cwd: dir, folder: dir, stopSignal: 'SIGQUIT' },
    );
    await server.waitFor(/database system is ready to accept connections/, 'PostgreSQL');

    const running = server;
    const connect: PostgresServer['connect'] = async (database, as) => {
      const config: ClientConfig = {
        host: '127.0.0.1',
        port,
        database,
        user: as?.user ?? POSTGRES_SUPERUSER,
        password: as?.password ?? superPassword,
        ssl: { ca: ca.pem, rejectUnauthorized: true },
        connectionTimeoutMillis: 10_000,
      };
      const client = new Client(config);
      await client.connect();
      return client;
    };
    // One superuser session per database, kept until the server stops: each new one is a process, a TLS handshake
    // and a SCRAM exchange.
    const sessions = new Map<string, Promise<Client>>();
    const query: PostgresServer['query'] = async <R extends Record<string, unknown>>(
      database: string,
      sql: string,
      values?: unknown[],
    ) => {
      if (!sessions.has(database)) sessions.set(database, connect(database));
      const client = await (sessions.get(database) as Promise<Client>);
      return (await client.query<R>(sql, values)).rows;
    };
    const endSessions = async () => {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((session) => session.then((client) => client.end()).catch(() => undefined)));
    };
    /** The names of the certificate the server presents now, read without checking them. */
    const servedNames = async (): Promise<string | undefined> => {
      const client = new Client({
        host: '127.0.0.1',
        port,
        database: 'postgres',
        user: POSTGRES_SUPERUSER,
        password: superPassword,
        ssl: { ca: ca.pem, rejectUnauthorized: true, checkServerIdentity: () => undefined },
      });
      try {
        await client.connect();
        const stream = (client as unknown as { connection: { stream: TLSSocket } }).connection.stream;
        return stream.getPeerCertificate().subjectaltname;
      } catch {
        return undefined;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    return {
      host: '127.0.0.1',
      port,
      ca,
      connect,
      query,
      async serveCertificate(names) {
        certificate(names);
        // The sessions kept stay on the certificate they started with; new ones must check the new one.
        await endSessions();
        // SIGHUP, not pg_reload_conf(): the certificate being replaced may be one no client accepts.
        running.signal('SIGHUP');
        const deadline = Date.now() + 10_000;
        while ((await servedNames()) !== sanOf(names)) {
          if (Date.now() > deadline) throw new Error(`PostgreSQL did not load the certificate for ${names.join(', ')}`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      },
      async stop() {
        await endSessions();
        await running.discard();
      },
    };
  } catch (error) {
    await server?.discard();
    removeFolder(dir);
    throw error;
  }
}
