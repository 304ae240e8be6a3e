import { join } from 'node:path';
import { CacheUsers, ElastiCacheServer } from '../../support/elasticache-server';
import { SecretsManagerServer, secretsManagerEnv } from '../../support/secrets-manager-server';
import { useBundledHandler } from '../support/bundle-hook';
import { invokeHandler } from '../support/invoke-hook';

// The cache-rotation function as Lambda runs it: bundled with the SDK left out, driven by Secrets Manager's events,
// its real clients pointed at local Secrets Manager and ElastiCache endpoints (AWS_ENDPOINT_URL_SECRETS_MANAGER,
// AWS_ENDPOINT_URL_ELASTICACHE). ElastiCache applies changes at once here, so testSecret's wait never sleeps.

const ENTRY = join(__dirname, '..', '..', '..', 'lambdas', 'cache-rotation', 'index.ts');
const TOKEN = '7f3c9a2e-5b1d-4e8f-a6c0-d2b4e9f1a3c5';
const OLD_TOKEN = 'a1B2c3D4e5F6g7H8'.repeat(4);
const USER_ID = 'shop-prod-default';

type Handler = (event: unknown) => Promise<unknown>;
const bundled = useBundledHandler<Handler>(ENTRY);
let secrets: SecretsManagerServer;
let elastiCache: ElastiCacheServer;

beforeEach(async () => {
  secrets = await SecretsManagerServer.start();
  elastiCache = await ElastiCacheServer.start(new CacheUsers());
  elastiCache.users.modifyingReads = 0;
  elastiCache.users.addUser(USER_ID, { userGroupId: 'shop-prod-users', passwords: [OLD_TOKEN] });
});
afterEach(async () => Promise.all([secrets.stop(), elastiCache.stop()]));

/** Invokes the bundled handler with CACHE_USER_ID as `cacheUserId` says (undefined: unset), USER_ID unless told. */
async function invoke(event: unknown, cacheUserId: { value: string | undefined } = { value: USER_ID }) {
  // The Secrets Manager environment also holds the dummy credentials, the region and one attempt a call.
  const env = {
    ...secretsManagerEnv(secrets.url),
    AWS_ENDPOINT_URL_ELASTICACHE: elastiCache.url,
    CACHE_USER_ID: cacheUserId.value,
  };
  return invokeHandler(bundled.handler(), event, env);
}

function rotating(): string {
  const arn = secrets.seed({ name: 'shop-prod-cache-token', value: OLD_TOKEN, versionId: 'v1' });
  secrets.startRotation(arn, TOKEN);
  return arn;
}

const step = (secretId: string, Step: string) => ({ SecretId: secretId, ClientRequestToken: TOKEN, Step });

test('a whole rotation: the new raw token is current, the user takes both, and no log line holds a token', async () => {
  const arn = rotating();

  const runs = [];
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
    runs.push(await invoke(step(arn, Step)));

  expect(runs.map((r) => r.rejected)).toEqual([undefined, undefined, undefined, undefined]);
  const [put] = secrets.callsOf('PutSecretValue');
  const next = String(put.SecretString);
  expect(next).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(secrets.stages(arn)).toEqual({ v1: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
  expect(elastiCache.users.callsOf('ModifyUser')).toEqual([{ UserId: USER_ID, Passwords: [OLD_TOKEN, next] }]);
  expect(runs[2].resolved).toEqual({
    secretId: arn,
    token: TOKEN,
    step: 'testSecret',
    outcome: `user ${USER_ID} is active with 2 passwords, in active user group shop-prod-users`,
  });
  const logs = runs.flatMap((r) => r.logs);
  expect(logs.map((l) => [l.level, l.message])).toEqual(Array(4).fill(['INFO', 'rotation step done']));
  expect(JSON.stringify(logs)).not.toContain(next);
  expect(JSON.stringify(logs)).not.toContain(OLD_TOKEN);
});

test('an event that is not a rotation step is refused in one line, logged as an error, before any call', async () => {
  const run = await invoke({ SecretId: 'arn:s', ClientRequestToken: TOKEN, Step: 'rotate' });

  expect(run.rejected).toBe(
    "the rotation event for secret arn:s names step 'rotate', not one of createSecret, setSecret, testSecret, finishSecret: not rotating",
  );
  expect(run.logs).toEqual([
    expect.objectContaining({ level: 'ERROR', message: 'rotation step failed', error: run.rejected }),
  ]);
  expect([...secrets.calls, ...elastiCache.users.calls]).toEqual([]);
});

test.each([
  ['not set', undefined],
  ['empty', ''],
])('CACHE_USER_ID %s: refused in one line before any call', async (_, userId) => {
  const arn = rotating();

  const run = await invoke(step(arn, 'createSecret'), { value: userId });

  expect(run.rejected).toBe(
    'CACHE_USER_ID is not set: not rotating; it names the ElastiCache user whose password the token is, which the environment stack sets: deploy it again',
  );
  expect(run.logs).toEqual([expect.objectContaining({ level: 'ERROR', error: run.rejected })]);
  expect([...secrets.calls, ...elastiCache.users.calls]).toEqual([]);
});
