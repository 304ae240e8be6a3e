import { resolve } from 'node:path';
import { bluegreen } from './support/deployments';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';

/** Web (with a release task), worker and a singleton beat; staging is account 510000000003 in eu-central-1. */
const CONFIG = resolve(__dirname, '../../fixtures/all-capabilities.yaml');
const CLUSTER = 'helpdesk-staging';
const WORKER = 'helpdesk-staging-worker';
const BEAT = 'helpdesk-staging-beat';
const arn = (family: string, revision: number) =>
  `arn:aws:ecs:eu-central-1:510000000003:task-definition/${family}:${revision}`;
const NEW = { [WORKER]: arn(WORKER, 8), [BEAT]: arn(BEAT, 5) };
const OLD = { [WORKER]: arn(WORKER, 7), [BEAT]: arn(BEAT, 4) };
const FAST = ['--poll-seconds', '0.01'];
const ARGS = ['roll-workers', '-e', 'staging', '--task-definition', NEW[WORKER], '--task-definition', NEW[BEAT]];

type Name = typeof WORKER | typeof BEAT;
interface DeploymentShape {
  id: string;
  status: string;
  taskDefinition: string;
  rolloutState?: string;
  rolloutStateReason?: string;
}
const newDeployment = (name: Name, rolloutState?: string, reason?: string): DeploymentShape => ({
  id: `ecs-svc/new-${name}`,
  status: 'PRIMARY',
  taskDefinition: NEW[name],
  ...(rolloutState ? { rolloutState } : {}),
  ...(reason ? { rolloutStateReason: reason } : {}),
});
const oldDeployment = (name: Name, status = 'ACTIVE'): DeploymentShape => ({
  id: `ecs-svc/old-${name}`,
  status,
  taskDefinition: OLD[name],
  rolloutState: 'COMPLETED',
});
const service = (name: Name, deployments: DeploymentShape[], status = 'ACTIVE') => ({
  serviceName: name,
  status,
  deployments,
});

/**
 * A local ECS endpoint: UpdateService answers with the new PRIMARY deployment IN_PROGRESS, and DescribeServices with
 * `read(name, index)` for each service asked about, `index` counting the reads.
 */
async function fakeEcs(
  read: (name: Name, index: number) => ReturnType<typeof service>,
  extra: Record<string, OperationHandler> = {},
): Promise<AwsJsonServer> {
  return AwsJsonServer.start({
    UpdateService: (input) => {
      const name = input.service as Name;
      return { body: { service: service(name, [newDeployment(name, 'IN_PROGRESS'), oldDeployment(name)]) } };
    },
    DescribeServices: (input, index) => ({
      body: { services: (input.services as Name[]).map((name) => read(name, index)), failures: [] },
    }),
    ...extra,
  });
}

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
const run = (args: string[], env: Record<string, string> = localAwsEnv('ECS', server!.url)) =>
  bluegreen([...args, ...FAST], { ...env, PIPELINE_CONFIG: CONFIG });
const failureLine = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('bluegreen roll-workers:'));

describe('bluegreen roll-workers against a local ECS endpoint', () => {
  test('both deployments COMPLETED: exit 0, and UpdateService changed nothing but the task definition', async () => {
    server = await fakeEcs((name, index) =>
      service(
        name,
        index === 0 ? [newDeployment(name, 'IN_PROGRESS'), oldDeployment(name)] : [newDeployment(name, 'COMPLETED')],
      ),
    );

    const result = await run(ARGS);

    expect(result.code).toBe(0);
    expect(server.callsOf('UpdateService')).toEqual([
      { cluster: CLUSTER, service: WORKER, taskDefinition: NEW[WORKER] },
      { cluster: CLUSTER, service: BEAT, taskDefinition: NEW[BEAT] },
    ]);
    expect(server.callsOf('DescribeServices')).toHaveLength(2);
    expect(result.stdout).toBe(
      ['Workers of staging:', `  ${WORKER}  ${WORKER}:8  COMPLETED`, `  ${BEAT}    ${BEAT}:5  COMPLETED`, ''].join(
        '\n',
      ),
    );
    expect(failureLine(result.stderr)).toEqual([]);
  });

  test('the circuit breaker FAILED one deployment: exit 1 and one line naming the worker and the reason', async () => {
    const reason = 'ECS deployment circuit breaker: tasks failed to start.';
    server = await fakeEcs((name) =>
      name === BEAT
        ? service(
            name,
            [oldDeployment(name, 'PRIMARY'), newDeployment(name, 'FAILED', reason)].map((d, i) =>
              i === 1 ? { ...d, status: 'ACTIVE' } : d,
            ),
          )
        : service(name, [newDeployment(name, 'COMPLETED')]),
    );

    const result = await run(ARGS);

    expect(result.code).toBe(1);
    expect(failureLine(result.stderr)).toEqual([
      `bluegreen roll-workers: ${BEAT}: deployment ecs-svc/new-${BEAT} of ${BEAT}:5 FAILED: ${reason} (circuit breaker or deployment alarm)`,
    ]);
    expect(result.stdout).toContain(`  ${WORKER}  ${WORKER}:8  COMPLETED`);
  });

  test('the PRIMARY deployment runs another revision (rolled back or replaced): exit 1, fails closed', async () => {
    server = await fakeEcs((name) => service(name, [oldDeployment(name, 'PRIMARY')]));

    const result = await run(ARGS);

    expect(result.code).toBe(1);
    expect(failureLine(result.stderr)[0]).toContain(
      `${WORKER}: its PRIMARY deployment ecs-svc/old-${WORKER} runs ${WORKER}:7, not ${WORKER}:8: rolled back, or updated by someone else`,
    );
  });

  test('a rollout state roll-workers does not know: exit 1, fails closed', async () => {
    server = await fakeEcs((name) => service(name, [newDeployment(name, 'PAUSED')]));

    const result = await run(ARGS);

    expect(result.code).toBe(1);
    expect(failureLine(result.stderr)[0]).toContain(
      `${WORKER}: its PRIMARY deployment is in rollout state PAUSED, which roll-workers does not know`,
    );
  });

  test('IN_PROGRESS forever: the timeout fails the step with one line, and ECS is left to go on', async () => {
    server = await fakeEcs((name) => service(name, [newDeployment(name, 'IN_PROGRESS'), oldDeployment(name)]));

    // Polls every 10 ms for half a second: several reads even on a loaded machine, before the timeout.
    const result = await run([...ARGS, '--timeout-seconds', '0.5', '--poll-seconds', '0.01']);

    expect(result.code).toBe(1);
    const notDone = 'not COMPLETED after 0.5 s; ECS goes on with the deployment, its circuit breaker still watches it';
    expect(failureLine(result.stderr)).toEqual([`bluegreen roll-workers: ${WORKER}: ${notDone}; ${BEAT}: ${notDone}`]);
    expect(server.callsOf('DescribeServices').length).toBeGreaterThan(1);
  });

  test('a throttled read is asked again at the next poll', async () => {
    server = await fakeEcs((name) => service(name, [newDeployment(name, 'COMPLETED')]), {
      DescribeServices: (input, index) =>
        index === 0
          ? { status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' }
          : { body: { services: (input.services as Name[]).map((n) => service(n, [newDeployment(n, 'COMPLETED')])) } },
    });

    const result = await run(ARGS, { ...localAwsEnv('ECS', server.url), AWS_MAX_ATTEMPTS: '1' });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('roll-workers: DescribeServices will be asked again: ThrottlingException');
  });

  test('refused credentials: exit 1 with the sentence every command uses, and no worker is touched after it', async () => {
    server = await fakeEcs(() => service(WORKER, []), {
      UpdateService: () => ({
        status: 400,
        errorType: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      }),
    });

    const result = await run(ARGS);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `bluegreen roll-workers: ECS refused UpdateService for cluster ${CLUSTER} (account 510000000003, eu-central-1) ` +
        '(UnrecognizedClientException: The security token included in the request is invalid.); use credentials of ' +
        'a role in account 510000000003 that may call it\n',
    );
    expect(server.callsOf('UpdateService')).toHaveLength(1);
    expect(server.callsOf('DescribeServices')).toEqual([]);
  });

  test('no credentials at all: exit 1, the common sign-in line, and no request reaches ECS', async () => {
    server = await fakeEcs(() => service(WORKER, []));

    const result = await run(ARGS, {
      AWS_ENDPOINT_URL_ECS: server.url,
      AWS_SHARED_CREDENTIALS_FILE: resolve(__dirname, 'no-such-dir', 'credentials'),
      AWS_CONFIG_FILE: resolve(__dirname, 'no-such-dir', 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^bluegreen roll-workers: no AWS credentials found for cluster ${CLUSTER} \\(account 510000000003, eu-central-1\\): ` +
          'the SDK looked in .*Sign in with a role in account 510000000003',
      ),
    );
    expect(server.calls).toEqual([]);
  });
});

describe('bluegreen roll-workers usage: exit 2 before any call', () => {
  test.each<[string, string[], string]>([
    [
      'a worker left without its revision',
      ['roll-workers', '-e', 'staging', '--task-definition', NEW[WORKER]],
      `--task-definition missing for worker ${BEAT}: every worker of 'staging' moves to its new revision`,
    ],
    [
      'a revision of another account',
      [...ARGS.slice(0, 4), arn(WORKER, 8).replace('510000000003', '510000000004'), '--task-definition', NEW[BEAT]],
      "is in 510000000004/eu-central-1; environment 'staging' is 510000000003/eu-central-1",
    ],
    [
      'a family that is no worker (the web service)',
      [...ARGS, '--task-definition', arn('helpdesk-staging-web', 3)],
      "family helpdesk-staging-web is no worker of 'staging' (workers: helpdesk-staging-worker, helpdesk-staging-beat)",
    ],
    [
      'a family without its revision',
      ['roll-workers', '-e', 'staging', '--task-definition', WORKER],
      '--task-definition must be a task definition ARN with its revision',
    ],
    ['no --task-definition', ['roll-workers', '-e', 'staging'], 'missing required option --task-definition'],
    [
      'an unknown environment',
      ['roll-workers', '-e', 'qa', '--task-definition', NEW[WORKER]],
      "unknown environment 'qa'",
    ],
  ])('%s', async (_what, args, message) => {
    server = await fakeEcs(() => service(WORKER, []));

    const result = await run(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(server.calls).toEqual([]);
  });
});
