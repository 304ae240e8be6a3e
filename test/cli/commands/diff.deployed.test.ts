import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bluegreen } from './support/deployments';
import { CloudFormationServer, type TemplateReply } from '../../support/cloudformation-server';
import { fixtureConfig, REPO_ROOT } from '../../support/configs';
import { ASSUMED_KEY, CONTAINER_KEY, RoleChainServers } from '../../support/role-chain-servers';
import { synthesized } from '../../support/synthesized';
import { changedDataApp, writeAssembly } from './support/diff';

const CONFIG = join(REPO_ROOT, 'test/fixtures/data-app.yaml');
const STACK = 'queue-staging-service';
const ACCOUNT = '222222222222';
const REGION = 'eu-central-1';
const LOOKUP_ROLE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-${REGION}`;

let work = '';
let server: CloudFormationServer | undefined;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bluegreen-diff-deployed-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function cloudFormation(reply: (stackName: string) => TemplateReply | undefined) {
  server = await CloudFormationServer.start(reply);
  return server;
}

/** A real CloudFormation client pointed at the local one, with dummy credentials. */
function endpointEnv(fake: CloudFormationServer, credentials = true): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDFORMATION: fake.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-such-dir', 'credentials'),
    AWS_CONFIG_FILE: join(work, 'no-such-dir', 'config'),
    ...(credentials ? { AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'local-test-secret' } : {}),
  };
}

const diffDeployed = (to: string, env: Record<string, string>) =>
  bluegreen(['diff', '-e', 'staging', '--to', to, '--config', CONFIG], env);

/** A small assembly of the staging service stack with one queue, for the error cases. */
function queueAssembly(): string {
  const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } } } };
  return writeAssembly(work, 'queue', [{ stackName: STACK, account: ACCOUNT, region: REGION, template }]);
}

describe('bluegreen diff against the deployed templates', () => {
  let deployed: unknown;
  let to = '';
  beforeAll(() => {
    deployed = synthesized(fixtureConfig('data-app')).environments.staging.toJSON();
    const template = synthesized(changedDataApp()).environments.staging.toJSON();
    to = writeAssembly(work, 'changed', [{ stackName: STACK, account: ACCOUNT, region: REGION, template }]);
  });

  test('reads the deployed template (Original, the stack region) and marks the load-balancer change REFUSED and the database rename REPLACES (exit 3)', async () => {
    const fake = await cloudFormation((name) => (name === STACK ? { template: deployed } : undefined));

    const run = await diffDeployed(to, endpointEnv(fake));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    expect(fake.calls).toEqual([
      { stackName: STACK, templateStage: 'Original', region: REGION, accessKeyId: 'AKIDLOCALTEST' },
    ]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Stack ${STACK} (${ACCOUNT}, ${REGION})`);
    const serviceAt = lines.findIndex((l) => /^ {2}~ \S+ AWS::ECS::Service REFUSED$/.test(l));
    expect(serviceAt).toBeGreaterThan(0);
    expect(lines[serviceAt + 1]).toMatch(/^ {4}REFUSED: CloudFormation refuses to update LoadBalancers/);
    const databaseAt = lines.findIndex((l) => /^ {2}~ \S+ AWS::RDS::DBInstance REPLACES$/.test(l));
    expect(lines[databaseAt + 1]).toMatch(/^ {4}REPLACES: a change of DBName replaces this AWS::RDS::DBInstance/);
  });

  test('the same template deployed: "No differences.", exit 0', async () => {
    const fake = await cloudFormation(() => ({ template: deployed }));
    const same = writeAssembly(work, 'same', [
      { stackName: STACK, account: ACCOUNT, region: REGION, template: deployed },
    ]);

    expect(await diffDeployed(same, endpointEnv(fake))).toEqual({ code: 0, stdout: 'No differences.\n', stderr: '' });
  });

  test('a stack that does not exist yet is added, with a note when no stack of the environment exists (exit 1)', async () => {
    const fake = await cloudFormation(() => undefined);

    const run = await diffDeployed(queueAssembly(), endpointEnv(fake));

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `Stack ${STACK} (${ACCOUNT}, ${REGION}) (stack added)\n  + Queue AWS::SQS::Queue\n\n` +
        '1 resource change(s) in 1 stack(s); none refused or replacing data.\n',
    );
    expect(run.stderr).toBe(
      `bluegreen diff: none of the 1 stack(s) of staging exists in account ${ACCOUNT} (CloudFormation: does not exist); ` +
        'a first deployment, or credentials for another account?\n',
    );
  });

  test('read through the lookup role: a profile with role_arn assumes it and GetTemplate is signed with its credentials', async () => {
    const roles = await RoleChainServers.start();
    try {
      const fake = await cloudFormation(() => undefined);
      const config = join(work, 'aws-config');
      writeFileSync(config, `[profile reader]\nrole_arn = ${LOOKUP_ROLE}\ncredential_source = EcsContainer\n`);

      const run = await diffDeployed(queueAssembly(), {
        ...endpointEnv(fake, false),
        AWS_CONFIG_FILE: config,
        AWS_PROFILE: 'reader',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: roles.containerCredentialsUri,
        AWS_ENDPOINT_URL_STS: roles.url,
      });

      expect(run.code).toBe(1);
      expect(roles.assumeRoleCalls).toEqual([{ roleArn: LOOKUP_ROLE, callerKey: CONTAINER_KEY }]);
      expect(fake.calls.map((c) => c.accessKeyId)).toEqual([ASSUMED_KEY]);
    } finally {
      await roles.stop();
    }
  });
});

describe('bluegreen diff against the deployed templates: failures give one line and exit 4', () => {
  test('throttled: the SDK retries, then one line says to wait', async () => {
    const fake = await cloudFormation(() => ({ status: 400, code: 'Throttling', message: 'Rate exceeded' }));

    const run = await diffDeployed(queueAssembly(), endpointEnv(fake));

    expect(run).toEqual({
      code: 4,
      stdout: '',
      stderr:
        `bluegreen diff: CloudFormation throttled GetTemplate for stack ${STACK} (account ${ACCOUNT}, ${REGION}) even ` +
        "after the SDK's retries (Throttling: Rate exceeded); wait a minute and run again\n",
    });
    expect(fake.calls.length).toBeGreaterThan(1);
  });

  test('refused credentials: names the call, the account and the lookup role to use', async () => {
    const fake = await cloudFormation(() => ({
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    }));

    const run = await diffDeployed(queueAssembly(), endpointEnv(fake));

    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `bluegreen diff: CloudFormation refused GetTemplate for stack ${STACK} (account ${ACCOUNT}, ${REGION}) ` +
        '(InvalidClientTokenId: The security token included in the request is invalid.); use credentials of a role ' +
        `in account ${ACCOUNT} that may call it; to read through the environment's reader role, use a profile with ` +
        `role_arn = ${LOOKUP_ROLE} (and source_profile or credential_source) in AWS_PROFILE\n`,
    );
  });

  test('no credentials: the shared message, nothing sent', async () => {
    const fake = await cloudFormation(() => undefined);

    const run = await diffDeployed(queueAssembly(), endpointEnv(fake, false));

    expect(run.code).toBe(4);
    expect(fake.calls).toEqual([]);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^bluegreen diff: no AWS credentials found for stack ${STACK} \\(account ${ACCOUNT}, ${REGION}\\): the SDK ` +
          `looked in .* Sign in with a role in account ${ACCOUNT} .*; to read through the environment's reader role`,
      ),
    );
  });

  test.each([
    [['--to', 'x'], 'missing --from DIR (two assemblies) or --environment NAME (against what is deployed)'],
    [['-e', 'nowhere', '--to', 'x', '--config', CONFIG], '--environment: '],
  ])('%j: exit 2 with one line, nothing read', async (args, message) => {
    const fake = await cloudFormation(() => undefined);
    const to = queueAssembly();

    const run = await bluegreen(['diff', ...args.map((a) => (a === 'x' ? to : a))], endpointEnv(fake));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen diff: ${message}`);
    expect(fake.calls).toEqual([]);
  });
});
