import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerServer } from '../../support/secrets-manager-server';

/** A local Secrets Manager for each test, and a real client of it (which the server's stop destroys). */
export function useSecretsManager(): { server: () => SecretsManagerServer; client: () => SecretsManagerClient } {
  let server: SecretsManagerServer | undefined;
  let client: SecretsManagerClient | undefined;
  beforeEach(async () => {
    server = await SecretsManagerServer.start();
    client = server.client();
  });
  afterEach(async () => server?.stop());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the local Secrets Manager starts before each test: use it inside one');
    return value;
  };
  return { server: () => started(server), client: () => started(client) };
}
