import { ensureMysqlUsers } from '../../../core/database/mysql-users';
import { startMariadb } from '../../support/mariadb-server';
import { rdsLikeMariadb } from '../database/support/rds-like';
import { realRotationTests } from './real-rotations';

// Rotations of MySQL secrets (engine 'mysql', as RDS writes it) on a real MariaDB server, which stands in for MySQL
// here: the statements the function runs (ALTER USER 'user'@'host' IDENTIFIED BY, SELECT CURRENT_USER(), SELECT from
// mysql.user) are MySQL 8's syntax, which MariaDB reads the same.

realRotationTests({
  engine: 'mysql',
  async start(databases) {
    const server = await startMariadb();
    await rdsLikeMariadb(server, databases);
    return {
      host: server.host,
      port: server.port,
      ca: server.ca.pem,
      async logsIn(database, user, password) {
        try {
          await (await server.connect({ user, password: String(password), database })).end();
          return true;
        } catch {
          return false;
        }
      },
      stop: () => server.stop(),
    };
  },
  makeUsers: (login, database, users, passwords) => ensureMysqlUsers(login, database, users, passwords),
});
