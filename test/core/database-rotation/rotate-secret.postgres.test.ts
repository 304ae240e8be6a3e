import { ensurePostgresUsers } from '../../../core/database/postgres-users';
import { startPostgres } from '../../support/postgres-server';
import { rdsLikePostgres } from '../database/support/rds-like';
import { realRotationTests } from './real-rotations';

// Rotations on a real PostgreSQL 15 server, its master user no superuser as on RDS.

realRotationTests({
  engine: 'postgres',
  async start(databases) {
    const server = await startPostgres();
    await rdsLikePostgres(server, databases);
    return {
      host: server.host,
      port: server.port,
      ca: server.ca.pem,
      async logsIn(database, user, password) {
        try {
          await (await server.connect(database, { user, password: String(password) })).end();
          return true;
        } catch {
          return false;
        }
      },
      stop: () => server.stop(),
    };
  },
  makeUsers: (login, database, users, passwords) => ensurePostgresUsers(login, database, users, passwords),
});
