import { databaseConnector } from '../../../core/database-rotation/connect-database';
import { rotateDatabaseSecret } from '../../../core/database-rotation/rotate-secret';
import { startMariadb, type MariadbServer } from '../../support/mariadb-server';
import { MASTER, rdsLikeMariadb } from '../database/support/rds-like';
import { TOKEN, useSecretsManager } from './harness';

// Single-user rotation changes the password of the user its secret names, and no other, on a real MariaDB server:
// a login may land on another account than the secret's user, an anonymous ''@'%' matching any name that has no
// account of its own.

let server: MariadbServer;
const sm = useSecretsManager();
const ANONYMOUS_PASSWORD = 'anonymous-Pw-0123456789';

beforeAll(async () => {
  server = await startMariadb();
  await rdsLikeMariadb(server, ['app']);
  await server.query(`CREATE USER ''@'%' IDENTIFIED BY '${ANONYMOUS_PASSWORD}'`);
}, 60_000);

afterAll(async () => server?.stop());

test("a secret whose user logs in as the anonymous account is refused: that account's password stays", async () => {
  const secretId = sm.server().seed({
    name: 'ghost',
    value: { username: 'ghost', password: ANONYMOUS_PASSWORD, host: server.host, port: server.port, engine: 'mysql' },
  });
  sm.server().startRotation(secretId, TOKEN);
  const step = (Step: string) =>
    rotateDatabaseSecret(
      { secrets: sm.client(), connect: databaseConnector({ ca: server.ca.pem }) },
      { SecretId: secretId, ClientRequestToken: TOKEN, Step },
    );
  await step('createSecret');

  await expect(step('setSecret')).rejects.toThrow(
    `MySQL logged ghost in as the account "@%", another user's: not changing its password; remove that account or give ghost an account of its own, then rotate again`,
  );
  // Another name still logs in with the anonymous account's password; the master's account is untouched.
  await (await server.connect({ user: 'nobody', password: ANONYMOUS_PASSWORD })).end();
  await (await server.connect({ user: MASTER.username, password: MASTER.password })).end();
});
