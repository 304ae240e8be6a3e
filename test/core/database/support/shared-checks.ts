import type { SecretsManagerServer } from '../../../support/secrets-manager-server';
import { LOOPBACK_NAMES } from '../../../support/test-ca';
import { APP_SECRET, resourceEvent, type DatabaseUsersRun, type ResourceProperties } from './database-users-harness';

/*
 * What the database-users run must do the same on either engine, checked the same way by each engine's file.
 */

/** One engine's file: its run, its server, and `snapshot`, everything a run could change there. */
export interface EngineFile {
  readonly run: DatabaseUsersRun;
  readonly secrets: SecretsManagerServer;
  readonly server: { serveCertificate(names: readonly string[]): Promise<void> };
  readonly snapshot: () => Promise<unknown>;
  readonly props: ResourceProperties;
  readonly physicalId: string;
}

/**
 * A server whose certificate no trusted CA signed, or that names another host, is refused before anything changes:
 * `connecting` is how the engine's refusal starts (a regular expression's source), `untrusted` what TLS says of a
 * certificate of the test CA when only the RDS CAs are trusted.
 */
export async function expectUntrustedServersRefused(file: EngineFile, connecting: string, untrusted: string) {
  const before = await file.snapshot();

  await expect(file.run(resourceEvent.create(file.props), { trustTestCa: false })).rejects.toThrow(
    new RegExp(`^${connecting}: ${untrusted}$`),
  );
  await file.server.serveCertificate(['db.invalid']);
  try {
    await expect(file.run(resourceEvent.create(file.props))).rejects.toThrow(
      new RegExp(
        `^${connecting}: Hostname/IP does not match certificate's altnames: Host: localhost\\. is not in the cert's altnames: DNS:db\\.invalid$`,
      ),
    );
  } finally {
    await file.server.serveCertificate(LOOPBACK_NAMES);
  }
  expect(await file.snapshot()).toEqual(before);
}

/** A Delete changes nothing in the database and reads no secret. */
export async function expectDeleteChangesNothing(file: EngineFile) {
  const before = await file.snapshot();
  const reads = file.secrets.callsOf('GetSecretValue').length;

  const outcome = await file.run(resourceEvent.delete(file.props, file.physicalId));

  expect(outcome.response).toEqual({ PhysicalResourceId: file.physicalId });
  expect(file.secrets.callsOf('GetSecretValue')).toHaveLength(reads);
  expect(await file.snapshot()).toEqual(before);
}

/**
 * After rotation's turn (`rotate` sets the application user's new password in the database, the test puts it in the
 * secret), an Update with the same secrets changes nothing, and that password still logs in (`logIn`).
 */
export async function expectUpdateKeepsRotatedPassword(
  file: EngineFile,
  rotate: (password: string) => Promise<void>,
  logIn: (password: string) => Promise<void>,
) {
  const rotated = 'app-Pw-rotated-9876543210';
  await rotate(rotated);
  file.secrets.putCurrent(APP_SECRET, { ...file.secrets.valueAt(APP_SECRET, 'AWSCURRENT'), password: rotated });
  const before = await file.snapshot();

  const outcome = await file.run(resourceEvent.update(file.props, file.props, file.physicalId));

  expect(outcome.changes).toEqual([]);
  expect(outcome.response.PhysicalResourceId).toBe(file.physicalId);
  expect(await file.snapshot()).toEqual(before);
  await logIn(rotated);
}

/** A replacement of the application secret, naming `username` with `password`: an Update to it sets that password. */
export function replacedApplicationSecret(file: EngineFile, username: string, password: string): string {
  return file.secrets.seed({
    name: 'sample-prod-database-application-2',
    value: { ...file.secrets.valueAt(APP_SECRET, 'AWSCURRENT'), username, password },
  });
}
