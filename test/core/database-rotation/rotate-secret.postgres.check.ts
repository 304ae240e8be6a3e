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
    return server;
  },
  login: (server, database, user, password) => server.connect(database, { user, password }),
  makeUsers: ensurePostgresUsers,
});
