import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { freePort, removeFolder, serverBinary, serverFolder, ServerProcess } from './server-process';
import { LOOPBACK_NAMES, makeTestCa, type TestCa } from './test-ca';

export interface MariadbServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly ca: TestCa;
  /** A connection over TLS verified against the test CA, as `as`. */
  connect(as: { user: string; password: string; database?: string }): Promise<Connection>;
  /** Runs `sql` as root, over the server's Unix socket (root has no password: the server lives for one test file). */
  query<R extends RowDataPacket>(sql: string, values?: unknown[]): Promise<R[]>;
  /** Serves a certificate for `names` from now on (FLUSH SSL): a test of what clients refuse. */
  serveCertificate(names: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL = 'install MariaDB (Debian: apt-get install mariadb-server)';

/**
 * A real MariaDB server on 127.0.0.1 in a folder of its own: TCP only over TLS (require_secure_transport, as RDS's
 * parameter of that name), root only on the Unix socket for the test's set-up. As root, it runs as root
 * (`--user=root`); durability and the binary log are off: the folder is removed with the server.
 */
export async function startMariadb(): Promise<MariadbServer> {
  const installDb = serverBinary("MariaDB's mariadb-install-db", ['mariadb-install-db'], INSTALL);
  const mariadbd = serverBinary("MariaDB's mariadbd", ['mariadbd', '/usr/sbin/mariadbd'], INSTALL);
  const dir = serverFolder('bluegreen-mariadb-');
  let server: ServerProcess | undefined;
  try {
    const data = join(dir, 'data');
    const socket = join(dir, 'mariadb.sock');
    // A temporary folder of its own: MariaDB takes TMPDIR's otherwise, shared by every server of the test run, and
    // at its start removes the temporary tables it finds there, another server's among them.
    const temporary = join(dir, 'tmp');
    mkdirSync(temporary);
    const env = { ...process.env, TMPDIR: temporary };
    const user = process.getuid?.() === 0 ? ['--user=root'] : [];
    execFileSync(
      installDb,
      [
        ...['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal'],
        ...['--skip-test-db', '--skip-name-resolve'],
      ],
      { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const ca = makeTestCa(join(dir, 'ca'));
    const certificate = ca.serverCertificate(join(dir, 'ca'), 'server', LOOPBACK_NAMES);
    const port = await freePort();
    server = new ServerProcess(
      mariadbd,
      [
        ...['--no-defaults', `--datadir=${data}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1'],
        ...[`--socket=${socket}`, `--pid-file=${join(dir, 'mariadbd.pid')}`, `--tmpdir=${temporary}`],
        '--skip-name-resolve',
        ...[`--ssl-ca=${ca.certFile}`, `--ssl-cert=${certificate.certFile}`, `--ssl-key=${certificate.keyFile}`],
        ...['--require-secure-transport=ON', '--skip-log-bin', '--innodb-buffer-pool-size=16M'],
        ...['--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--performance-schema=OFF'],
      ],
      // SIGKILL: nothing in the folder is kept, so nothing needs a clean shutdown.
      { cwd: dir, env, folder: dir, stopSignal: 'SIGKILL' },
    );
    await server.waitFor(/ready for connections/, 'MariaDB');

    const running = server;
    const query: MariadbServer['query'] = async <R extends RowDataPacket>(sql: string, values?: unknown[]) => {
      const root = await createConnection({ socketPath: socket, user: 'root', connectTimeout: 10_000 });
      try {
        return (await root.query<R[]>(sql, values))[0];
      } finally {
        await root.end();
      }
    };
    return {
      host: '127.0.0.1',
      port,
      ca,
      connect: async (as) =>
        createConnection({
          host: '127.0.0.1',
          port,
          ...as,
          ssl: { ca: ca.pem, rejectUnauthorized: true, verifyIdentity: true },
          connectTimeout: 10_000,
        }),
      query,
      async serveCertificate(names) {
        // New files: MariaDB reads them again on FLUSH SSL, from the paths it started with.
        const next = ca.serverCertificate(join(dir, 'ca'), 'next', names);
        copyFileSync(next.certFile, certificate.certFile);
        copyFileSync(next.keyFile, certificate.keyFile);
        await query('FLUSH SSL');
      },
      stop: () => running.discard(),
    };
  } catch (error) {
    await server?.discard();
    removeFolder(dir);
    throw error;
  }
}
