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
    return server;
  },
  login: (server, database, user, password) => server.connect({ user, password, database }),
  makeUsers: ensureMysqlUsers,
});
