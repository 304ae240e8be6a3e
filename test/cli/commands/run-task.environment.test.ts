import { bluegreen } from './support/deployments';
import { localAwsEnv, type AwsJsonServer, type OperationHandler } from '../../support/aws-json-server';
import { described, startFakeEcs } from '../../core/run-task/support/fake-ecs';
import { SECURITY_GROUPS, stoppedTask, SUBNETS, TASK_DEFINITION_ARN } from '../../core/run-task/support/fixtures';

const FAST = ['--poll-seconds', '0.01'];
const GREEN_SUBNETS = ['subnet-0aaaaaaaaaaaaaaaa'];
const FLAG_SUBNETS = ['subnet-0bbbbbbbbbbbbbbbb'];

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const awsvpc = (subnets: string[], securityGroups: string[]) => ({
  awsvpcConfiguration: { subnets, securityGroups, assignPublicIp: 'ENABLED' },
});

/** A CODE_DEPLOY service: the network lives on its task sets; PRIMARY serves production. */
const codeDeployService: OperationHandler = (input) => ({
  body: {
    services: [
      {
        serviceName: (input.services as string[])[0],
        deploymentController: { type: 'CODE_DEPLOY' },
        taskSets: [
          {
            id: 'ecs-svc/green',
            status: 'ACTIVE',
            networkConfiguration: awsvpc(GREEN_SUBNETS, ['sg-0aaaaaaaaaaaaaaaa']),
          },
          { id: 'ecs-svc/blue', status: 'PRIMARY', networkConfiguration: awsvpc(SUBNETS, SECURITY_GROUPS) },
        ],
      },
    ],
    failures: [],
  },
});

/** Without AWS_REGION: only --environment can supply the region (the config's). */
function envWithoutRegion(): Record<string, string> {
  const env = localAwsEnv('ECS', server!.url);
  delete env.AWS_REGION;
  return env;
}

const succeeding = [described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } }))];

describe('bluegreen run-task --environment', () => {
  test('takes region, cluster, family and service from the config and the network from the PRIMARY task set', async () => {
    server = await startFakeEcs({ describeServices: codeDeployService, describeTasks: succeeding });

    const run = await bluegreen(
      ['run-task', '--environment', 'staging', '--command', 'bin/migrate', ...FAST],
      envWithoutRegion(),
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.calls.slice(0, 3).map((c) => c.operation)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'RunTask',
    ]);
    expect(server.callsOf('DescribeServices')).toEqual([{ cluster: 'sample-staging', services: ['sample-staging'] }]);
    expect(server.callsOf('DescribeTaskDefinition')).toEqual([{ taskDefinition: 'sample-staging' }]);
    const [request] = server.callsOf('RunTask');
    expect(request).toMatchObject({
      cluster: 'sample-staging',
      taskDefinition: TASK_DEFINITION_ARN,
      // The service may assign public IPs; a migration never gets one.
      networkConfiguration: {
        awsvpcConfiguration: { subnets: SUBNETS, securityGroups: SECURITY_GROUPS, assignPublicIp: 'DISABLED' },
      },
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/migrate'] }] },
    });
  });

  test('a service with the ECS controller keeps its network on the service itself; --service names it by its configured name', async () => {
    server = await startFakeEcs({
      describeServices: () => ({
        body: {
          services: [{ serviceName: 'sample-prod', networkConfiguration: awsvpc(GREEN_SUBNETS, SECURITY_GROUPS) }],
        },
      }),
      describeTasks: succeeding,
    });

    const run = await bluegreen(
      ['run-task', '--environment', 'prod', '--service', 'service', ...FAST],
      envWithoutRegion(),
    );

    expect(run.code).toBe(0);
    // The single service: form keeps its physical name, <application>-<environment>.
    expect(server.callsOf('DescribeServices')).toEqual([{ cluster: 'sample-prod', services: ['sample-prod'] }]);
    expect(server.callsOf('RunTask')[0]).toMatchObject({
      cluster: 'sample-prod',
      networkConfiguration: { awsvpcConfiguration: { subnets: GREEN_SUBNETS, securityGroups: SECURITY_GROUPS } },
    });
  });

  test('explicit flags override the environment; with both network flags DescribeServices is not called', async () => {
    server = await startFakeEcs({ describeServices: codeDeployService, describeTasks: succeeding });

    const partly = await bluegreen(
      [
        'run-task',
        '--environment',
        'staging',
        '--subnets',
        FLAG_SUBNETS.join(','),
        '--task-definition',
        'migrations:3',
        ...FAST,
      ],
      envWithoutRegion(),
    );
    const fully = await bluegreen(
      [
        'run-task',
        '--environment',
        'staging',
        '--cluster',
        'other-cluster',
        '--subnets',
        FLAG_SUBNETS.join(','),
        '--security-groups',
        'sg-0cccccccccccccccc',
        ...FAST,
      ],
      envWithoutRegion(),
    );

    expect(partly.code).toBe(0);
    expect(fully.code).toBe(0);
    expect(server.callsOf('DescribeServices')).toEqual([{ cluster: 'sample-staging', services: ['sample-staging'] }]);
    expect(server.callsOf('DescribeTaskDefinition')[0]).toEqual({ taskDefinition: 'migrations:3' });
    const [first, second] = server.callsOf('RunTask');
    expect(first.networkConfiguration).toEqual({
      awsvpcConfiguration: { subnets: FLAG_SUBNETS, securityGroups: SECURITY_GROUPS, assignPublicIp: 'DISABLED' },
    });
    expect(second).toMatchObject({
      cluster: 'other-cluster',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: FLAG_SUBNETS, securityGroups: ['sg-0cccccccccccccccc'] },
      },
    });
  });

  test('a service ECS does not know is exit 1 naming it, before any task starts', async () => {
    server = await startFakeEcs({
      describeServices: () => ({
        body: {
          services: [],
          failures: [
            { arn: 'arn:aws:ecs:eu-west-1:222222222222:service/sample-staging/sample-staging', reason: 'MISSING' },
          ],
        },
      }),
    });

    const run = await bluegreen(['run-task', '--environment', 'staging', ...FAST], envWithoutRegion());

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen run-task: DescribeServices found no service sample-staging in cluster sample-staging: arn:aws:ecs:eu-west-1:222222222222:service/sample-staging/sample-staging: MISSING\n',
    );
    expect(server.callsOf('RunTask')).toEqual([]);
  });

  test('an unknown environment is a usage error naming the configured ones', async () => {
    server = await startFakeEcs({});
    const run = await bluegreen(['run-task', '--environment', 'qa'], envWithoutRegion());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "bluegreen run-task: --environment: unknown environment 'qa' (configured: staging, prod)\n",
    );
    expect(server.calls).toEqual([]);
  });
});
