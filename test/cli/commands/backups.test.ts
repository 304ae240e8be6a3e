import { resolve } from 'node:path';
import { bluegreen } from './support/deployments';
import { RestJsonServer, type RestHandler, type RestRequest } from '../../support/rest-json-server';

const CONFIG = resolve(__dirname, 'fixtures', 'backups.config.yaml');
const ROUTE = 'GET /backup-vaults/{name}/recovery-points';
const DATABASE = 'arn:aws:rds:eu-west-1:333333333333:db:shop-prod';
const FILES = 'arn:aws:elasticfilesystem:eu-west-1:333333333333:file-system/fs-0123';
const HOUR = 3600;

/** A recovery point on the wire (restJson1 sends timestamps as epoch seconds). */
function point(resourceArn: string, hoursAgo: number, status = 'COMPLETED', id = `${hoursAgo}`) {
  return {
    RecoveryPointArn: `arn:aws:backup:eu-west-1:333333333333:recovery-point:${resourceArn.split(':').pop()}-${id}`,
    ResourceArn: resourceArn,
    ResourceType: resourceArn.includes(':rds:') ? 'RDS' : 'EFS',
    Status: status,
    CreationDate: Date.now() / 1000 - hoursAgo * HOUR,
  };
}

/** Answers the vault and the DR vault (both regions hit this one server) from fixed lists. */
function vaults(vault: unknown[], dr: unknown[]): RestHandler {
  return (request) => {
    if (request.params.name === 'shop-prod') return { body: { RecoveryPoints: vault } };
    if (request.params.name === 'shop-prod-dr') return { body: { RecoveryPoints: dr } };
    return { status: 400, errorType: 'ResourceNotFoundException', message: `vault ${request.params.name}` };
  };
}

const awsEnv = (server: RestJsonServer): Record<string, string> => ({
  PIPELINE_CONFIG: CONFIG,
  AWS_ENDPOINT_URL_BACKUP: server.url,
  AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
  AWS_SECRET_ACCESS_KEY: 'local-test-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
});

const where = (r: RestRequest) => ({ region: r.scope?.region, vault: r.params.name, query: r.query });

let server: RestJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function check(routes: Record<string, RestHandler>, env?: (s: RestJsonServer) => Record<string, string>) {
  server = await RestJsonServer.start(routes);
  return bluegreen(['backups', '--environment', 'prod'], (env ?? awsEnv)(server));
}

describe('bluegreen backups against a local AWS Backup endpoint', () => {
  test('fresh recovery points and copies: exit 0, the vault asked in eu-west-1 and the DR vault in eu-central-1', async () => {
    const run = await check({
      [ROUTE]: vaults(
        [point(DATABASE, 30), point(DATABASE, 5), point(DATABASE, 1, 'PARTIAL'), point(FILES, 6)],
        [point(DATABASE, 29), point(DATABASE, 4), point(FILES, 2)],
      ),
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server?.requests.map(where)).toEqual([
      { region: 'eu-west-1', vault: 'shop-prod', query: { maxResults: '1000' } },
      { region: 'eu-central-1', vault: 'shop-prod-dr', query: { maxResults: '1000' } },
    ]);
    expect(server?.requests.every((r) => r.scope?.service === 'backup')).toBe(true);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Environment prod: vault shop-prod (account 333333333333, eu-west-1), DR vault shop-prod-dr (eu-central-1)',
    );
    expect(lines[1]).toBe(
      'RPO (model): 24h daily schedule interval + 1h start window + 3h completion window + 4h copy lag to eu-central-1 (assumed) = 32h; recovery points may be 28h old, DR copies 32h',
    );
    // The PARTIAL point of 1 h ago does not count: the newest usable one is 5 h old.
    expect(run.stdout).toMatch(new RegExp(`${DATABASE} +RDS +\\S+ \\S+ UTC +5h 00m +\\S+ \\S+ UTC +4h 00m +OK`));
    expect(run.stdout).toMatch(new RegExp(`${FILES} +EFS +\\S+ \\S+ UTC +6h 00m +\\S+ \\S+ UTC +2h 00m +OK`));
    expect(run.stdout).toContain(
      'backups: READY — 2 protected resources, every recovery point and copy within the RPO\n',
    );
  });

  test('follows every page of both vaults and merges them per resource', async () => {
    const run = await check({
      [ROUTE]: (request) => {
        const dr = request.params.name === 'shop-prod-dr';
        if (request.query.nextToken === undefined) {
          return { body: { RecoveryPoints: [point(DATABASE, dr ? 60 : 50)], NextToken: `${request.params.name}-2` } };
        }
        return { body: { RecoveryPoints: [point(DATABASE, dr ? 3 : 2)] } };
      },
    });

    expect(run.code).toBe(0);
    expect(server?.requests.map(where)).toEqual([
      { region: 'eu-west-1', vault: 'shop-prod', query: { maxResults: '1000' } },
      { region: 'eu-west-1', vault: 'shop-prod', query: { maxResults: '1000', nextToken: 'shop-prod-2' } },
      { region: 'eu-central-1', vault: 'shop-prod-dr', query: { maxResults: '1000' } },
      { region: 'eu-central-1', vault: 'shop-prod-dr', query: { maxResults: '1000', nextToken: 'shop-prod-dr-2' } },
    ]);
    expect(run.stdout).toMatch(/ 2h 00m +\S+ \S+ UTC +3h 00m +OK/);
  });

  test.each([
    ['a stale recovery point', [point(DATABASE, 29)], [point(DATABASE, 3)], 'FAIL: recovery point older than 28h'],
    ['a stale copy', [point(DATABASE, 3)], [point(DATABASE, 33)], 'FAIL: DR copy older than 32h'],
    ['a missing copy', [point(DATABASE, 3), point(FILES, 3)], [point(FILES, 3)], 'FAIL: no copy'],
    [
      'missing recovery points (only the copy is left)',
      [point(FILES, 3)],
      [point(DATABASE, 3), point(FILES, 3)],
      'FAIL: no recovery point',
    ],
    [
      'recovery points that are not COMPLETED',
      [point(DATABASE, 3, 'PARTIAL'), point(DATABASE, 20, 'EXPIRED'), point(DATABASE, 1, 'CREATING')],
      [point(DATABASE, 3)],
      'FAIL: no COMPLETED recovery point (3 listed: CREATING, EXPIRED, PARTIAL)',
    ],
    [
      'a copy with a status this check does not know',
      [point(DATABASE, 3)],
      [point(DATABASE, 3, 'REPLICATING')],
      'FAIL: no COMPLETED copy (1 listed: REPLICATING)',
    ],
  ])('%s: exit 1 and the row says why', async (_what, vault, dr, reason) => {
    const run = await check({ [ROUTE]: vaults(vault, dr) });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(reason);
    expect(run.stdout).toMatch(/backups: NOT READY — 1 of \d protected resources? missing or older than the RPO\n$/);
  });

  test('empty vaults: nothing is protected, exit 1', async () => {
    const run = await check({ [ROUTE]: vaults([], []) });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The vault holds no recovery point and the DR vault no copy: nothing is protected.');
    expect(run.stdout).toContain('backups: NOT READY — no protected resource has a recovery point\n');
  });

  test('AccessDenied: exit 1 with the vault, the account and the permission, and the DR vault is not asked', async () => {
    const run = await check({
      [ROUTE]: () => ({ status: 403, errorType: 'AccessDeniedException', message: 'User is not authorized' }),
    });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "bluegreen backups: AWS Backup refused ListRecoveryPointsByBackupVault on vault 'shop-prod' (account 333333333333, eu-west-1) " +
        '(AccessDeniedException: User is not authorized); use credentials of a role in account 333333333333 that may call ' +
        'backup:ListRecoveryPointsByBackupVault\n',
    );
    expect(server?.requests).toHaveLength(1);
  });

  test('a DR vault that does not exist: exit 1 naming it and its region', async () => {
    const run = await check({
      [ROUTE]: (request) =>
        request.params.name === 'shop-prod'
          ? { body: { RecoveryPoints: [point(DATABASE, 3)] } }
          : { status: 400, errorType: 'ResourceNotFoundException', message: 'Backup vault not found' },
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("vault 'shop-prod-dr' (account 333333333333, eu-central-1) does not exist");
  });

  test('no credentials: a clear message, no stack trace, no request sent, exit 1', async () => {
    const run = await check({ [ROUTE]: vaults([], []) }, (s) => ({
      PIPELINE_CONFIG: CONFIG,
      AWS_ENDPOINT_URL_BACKUP: s.url,
      AWS_SHARED_CREDENTIALS_FILE: resolve(__dirname, 'no-such-dir', 'credentials'),
      AWS_CONFIG_FILE: resolve(__dirname, 'no-such-dir', 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    }));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^bluegreen backups: no AWS credentials found for vault 'shop-prod' \(account 333333333333, eu-west-1\)/,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(server?.requests).toEqual([]);
  });
});

describe('bluegreen backups usage', () => {
  test.each([
    [['--environment', 'qa'], "--environment: unknown environment 'qa' (configured: staging, prod)"],
    [['--environment', 'staging'], "--environment: environment 'staging' has no backups configured"],
    [[], 'missing required option --environment'],
    [['--environment', 'prod', '--vault', 'x'], "Unknown option '--vault'"],
  ])('%j: exit 2 before any call', async (args, message) => {
    server = await RestJsonServer.start({});
    const run = await bluegreen(['backups', ...args], awsEnv(server));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(server.requests).toEqual([]);
  });

  test('--help prints the exit codes and exits 0; the command is listed in the usage', async () => {
    const help = await bluegreen(['backups', '--help'], {});
    const usage = await bluegreen(['--help'], {});

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: bluegreen backups --environment NAME [--config FILE]');
    expect(help.stdout).toContain('AWS_ENDPOINT_URL_BACKUP');
    expect(usage.stdout).toMatch(/ {2}backups +newest recovery point and DR copy per protected resource/);
  });
});
