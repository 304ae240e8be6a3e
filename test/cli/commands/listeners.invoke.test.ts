import { resolve } from 'node:path';
import { LambdaInvokeServer, type InvokeReply } from '../../support/lambda-invoke-server';
import { useInProcessCli } from '../../support/in-process-cli';

/** The shipped configuration: application 'sample', one web service, environments staging and prod. */
const CONFIG = resolve(__dirname, '../../../pipeline.config.yaml');
const FUNCTION = 'sample-staging-listener-repoint';
const PROD =
  'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/sample-alb/3333333333333333/4444444444444444';

const cli = useInProcessCli('listeners');
let lambda: LambdaInvokeServer | undefined;
afterEach(async () => {
  await lambda?.stop();
  lambda = undefined;
});

/** A local Lambda answering every Invoke with `reply`; the CLI reaches it through AWS_ENDPOINT_URL_LAMBDA. */
async function localLambda(reply: InvokeReply) {
  lambda = await LambdaInvokeServer.start(() => reply);
  const env = {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  // The SDK client reads process.env; useInProcessCli restores it after each test.
  Object.assign(process.env, env);
  return { server: lambda, env };
}

const invoke = (env: NodeJS.ProcessEnv, ...extra: string[]) =>
  cli.run(['listeners', '--repoint', '--invoke', '-e', 'staging', '--config', CONFIG, ...extra], env);

describe('bluegreen listeners --repoint --invoke against a local Lambda endpoint', () => {
  test("invokes the environment's function by name, in its region, synchronously and with no payload", async () => {
    const { server, env } = await localLambda({ result: { environment: 'staging', changes: [] } });

    const run = await invoke(env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.invocations).toHaveLength(1);
    expect(server.invocations[0]).toMatchObject({
      functionName: FUNCTION,
      invocationType: 'RequestResponse',
      payload: '',
      scope: { region: 'eu-west-1', service: 'lambda' },
    });
    expect(run.stdout).toBe("staging: every traffic listener forwards to its service's PRIMARY task set\n");
  });

  test("prints the function's lines of what it re-pointed, exit 0", async () => {
    const line = `service service: listener ${PROD} forwards to sample-blue; re-pointed to sample-green (PRIMARY task set)`;
    const { env } = await localLambda({ result: { environment: 'staging', changes: [line] } });

    const run = await invoke(env);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${line}\n`);
  });

  test("the function's error: its one-line message, without its trace, exit 1", async () => {
    const message =
      'deployment d-RUNNING01 of sample-staging/sample-staging-bluegreen (account 222222222222, eu-west-1) is in ' +
      'progress and CodeDeploy moves the listeners itself; nothing was changed.';
    const { env } = await localLambda({ functionError: { errorType: 'ListenersError', errorMessage: message } });

    const run = await invoke(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `bluegreen listeners: the listener re-point function ${FUNCTION} (account 222222222222, eu-west-1) failed: ` +
        `${message}\n`,
    );
  });

  test('a function that does not exist (the environment not deployed with this version): one line, exit 1', async () => {
    const { env } = await localLambda({
      status: 404,
      errorType: 'ResourceNotFoundException',
      message: `Function not found: ${FUNCTION}`,
    });

    const run = await invoke(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Lambda Invoke: function ${FUNCTION} (account 222222222222, eu-west-1) does not exist`,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('credentials that may not invoke it: the common refused-credentials line, exit 1', async () => {
    const { env } = await localLambda({ status: 403, errorType: 'AccessDeniedException', message: 'not authorized' });

    const run = await invoke(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `bluegreen listeners: Lambda refused Invoke for function ${FUNCTION} (account 222222222222, eu-west-1) ` +
        '(AccessDeniedException: not authorized); use credentials of a role in account 222222222222 that may call it\n',
    );
  });

  test('an answer without the list of changes is not taken as success, exit 1', async () => {
    const { env } = await localLambda({ result: { ok: true } });

    const run = await invoke(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered without its list of changes');
  });

  test('--invoke with --dry-run: a usage error, nothing invoked, exit 2', async () => {
    const { server, env } = await localLambda({ result: { environment: 'staging', changes: [] } });

    const run = await invoke(env, '--dry-run');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--invoke and --dry-run exclude each other');
    expect(server.invocations).toEqual([]);
  });
});
