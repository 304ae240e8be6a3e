import { resolve } from 'node:path';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';
import { ElbServer, type ElbError, type FakeListener } from '../../support/elbv2-server';
import { useInProcessCli } from '../../support/in-process-cli';

/** The shipped configuration: application 'sample', one web service, environments staging and prod. */
const CONFIG = resolve(__dirname, '../../../pipeline.config.yaml');
const STAGING = { applicationName: 'sample-staging', deploymentGroupName: 'sample-staging-bluegreen' };
const ELB = 'arn:aws:elasticloadbalancing:eu-west-1:222222222222';
const BLUE = `${ELB}:targetgroup/sample-blue/1111111111111111`;
const GREEN = `${ELB}:targetgroup/sample-green/2222222222222222`;
const PROD = `${ELB}:listener/app/sample-alb/3333333333333333/4444444444444444`;
const TEST = `${ELB}:listener/app/sample-alb/3333333333333333/5555555555555555`;
const RUNNING_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

const cli = useInProcessCli('listeners');
const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const groupInfo = {
  deploymentGroupInfo: {
    ...STAGING,
    ecsServices: [{ clusterName: 'sample-staging', serviceName: 'sample-staging' }],
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: [{ name: 'sample-blue' }, { name: 'sample-green' }],
          prodTrafficRoute: { listenerArns: [PROD] },
          testTrafficRoute: { listenerArns: [TEST] },
        },
      ],
    },
  },
};

const taskSet = (status: string, targetGroupArn: string) => ({
  id: `ecs-svc/${status}`,
  status,
  loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }],
});

/** CodeDeploy and ECS (both awsJson1_1) on one local endpoint, and a local ELB holding `listeners`. */
async function environment(
  opts: {
    taskSets?: unknown[];
    running?: string[];
    listeners?: FakeListener[];
    elbFails?: (action: string) => ElbError | undefined;
    codeDeploy?: Record<string, OperationHandler>;
  } = {},
) {
  const json = await AwsJsonServer.start({
    GetDeploymentGroup: () => ({ body: groupInfo }),
    ListDeployments: () => ({ body: { deployments: opts.running ?? [] } }),
    DescribeServices: () => ({
      body: {
        services: [
          {
            serviceName: 'sample-staging',
            status: 'ACTIVE',
            taskSets: opts.taskSets ?? [taskSet('PRIMARY', GREEN), taskSet('DRAINING', BLUE)],
          },
        ],
        failures: [],
      },
    }),
    ...opts.codeDeploy,
  });
  const elb = await ElbServer.start(
    opts.listeners ?? [
      { arn: PROD, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: GREEN }], rules: [] },
      { arn: TEST, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: GREEN }], rules: [] },
    ],
    opts.elbFails,
  );
  servers.push(json, elb);
  const env = {
    ...localAwsEnv('CODEDEPLOY', json.url),
    AWS_ENDPOINT_URL_ECS: json.url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: elb.url,
    AWS_MAX_ATTEMPTS: '1',
  };
  // The SDK clients read process.env; useInProcessCli restores it after each test.
  Object.assign(process.env, env);
  return { json, elb, env };
}

const repoint = (env: NodeJS.ProcessEnv, ...extra: string[]) =>
  cli.run(['listeners', '--repoint', '-e', 'staging', '--config', CONFIG, ...extra], env);

/** What a stack update leaves: the production listener back on the template's (blue) target group. */
const resetListeners = (): FakeListener[] => [
  { arn: PROD, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: BLUE }], rules: [] },
  { arn: TEST, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: GREEN }], rules: [] },
];

describe('bluegreen listeners --repoint against local CodeDeploy, ECS and Elastic Load Balancing endpoints', () => {
  test('listeners already on the PRIMARY task set: nothing modified, exit 0', async () => {
    const { json, elb, env } = await environment();

    const run = await repoint(env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("staging: every traffic listener forwards to its service's PRIMARY task set\n");
    expect(json.callsOf('ListDeployments')[0]).toEqual({ ...STAGING, includeOnlyStatuses: RUNNING_STATUSES });
    expect(json.callsOf('DescribeServices')).toEqual([{ cluster: 'sample-staging', services: ['sample-staging'] }]);
    expect(elb.calls.map((c) => c.action)).toEqual(['DescribeListeners', 'DescribeRules', 'DescribeRules']);
  });

  test('production reset to blue by a stack update: ModifyListener forwards it to the PRIMARY (green) target group', async () => {
    const { elb, env } = await environment({ listeners: resetListeners() });

    const run = await repoint(env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(elb.callsOf('ModifyListener')).toEqual([
      { ListenerArn: PROD, 'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': GREEN },
    ]);
    expect(elb.listeners[0].defaultActions).toEqual([{ Type: 'forward', TargetGroupArn: GREEN }]);
    expect(run.stdout).toBe(
      `service service: listener ${PROD} forwards to sample-blue; re-pointed to sample-green (PRIMARY task set)\n`,
    );
  });

  test('a weighted forward left at blue 100 / green 0 and a listener rule on blue are both re-pointed', async () => {
    const rule = `${ELB}:listener-rule/app/sample-alb/3333333333333333/4444444444444444/6666666666666666`;
    const listeners: FakeListener[] = [
      {
        arn: PROD,
        protocol: 'HTTPS',
        defaultActions: [
          {
            Type: 'forward',
            Order: 1,
            weighted: [
              { arn: BLUE, weight: 100 },
              { arn: GREEN, weight: 0 },
            ],
          },
        ],
        rules: [{ arn: rule, actions: [{ Type: 'forward', TargetGroupArn: BLUE }] }],
      },
      resetListeners()[1],
    ];
    const { elb, env } = await environment({ listeners });

    const run = await repoint(env);

    expect(run.code).toBe(0);
    expect(elb.listeners[0].defaultActions).toEqual([{ Type: 'forward', TargetGroupArn: GREEN, Order: 1 }]);
    expect(elb.callsOf('ModifyRule')).toEqual([
      { RuleArn: rule, 'Actions.member.1.Type': 'forward', 'Actions.member.1.TargetGroupArn': GREEN },
    ]);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  test('--dry-run prints what it would change, modifies nothing and exits 3', async () => {
    const { elb, env } = await environment({ listeners: resetListeners() });

    const run = await repoint(env, '--dry-run');

    expect(run.code).toBe(3);
    expect(elb.callsOf('ModifyListener')).toEqual([]);
    expect(run.stdout).toBe(
      `service service: listener ${PROD} forwards to sample-blue; would re-point to sample-green (PRIMARY task set)\n`,
    );
  });

  test('a deployment in progress: one line saying to wait, nothing read from ELB or changed, exit 1', async () => {
    const { elb, env } = await environment({ listeners: resetListeners(), running: ['d-RUNNING01'] });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(elb.calls).toEqual([]);
    expect(run.stderr).toBe(
      'bluegreen listeners: deployment d-RUNNING01 of sample-staging/sample-staging-bluegreen (account ' +
        '222222222222, eu-west-1) is in progress and CodeDeploy moves the listeners itself; nothing was changed. ' +
        "Wait for it to end ('bluegreen status -e staging') and run again\n",
    );
  });

  test.each([
    ['no PRIMARY task set', [taskSet('ACTIVE', GREEN)], 'ECS lists 0 PRIMARY task sets for it, where one is expected'],
    ['two PRIMARY task sets', [taskSet('PRIMARY', GREEN), taskSet('PRIMARY', BLUE)], 'ECS lists 2 PRIMARY task sets'],
  ])('%s: fails closed with one line, nothing changed', async (_name, taskSets, reason) => {
    const { elb, env } = await environment({ listeners: resetListeners(), taskSets });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(elb.callsOf('ModifyListener')).toEqual([]);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain('nothing was changed');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a listener that forwards to a target group of neither colour: fails closed before any change', async () => {
    const stranger = `${ELB}:targetgroup/other-tg/7777777777777777`;
    const listeners = resetListeners();
    listeners[1].defaultActions = [
      {
        Type: 'forward',
        weighted: [
          { arn: GREEN, weight: 50 },
          { arn: stranger, weight: 50 },
        ],
      },
    ];
    const { elb, env } = await environment({ listeners });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(elb.callsOf('ModifyListener')).toEqual([]);
    expect(run.stderr).toContain(`listener ${TEST}: it forwards to other-tg as well, which is neither target group`);
  });

  test('a traffic listener that forwards to neither target group (a fixed response): fails closed', async () => {
    const listeners = resetListeners();
    listeners[0].defaultActions = [{ Type: 'fixed-response' }];
    const { elb, env } = await environment({ listeners });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(elb.callsOf('ModifyListener')).toEqual([]);
    expect(run.stderr).toContain(`listener ${PROD} forwards to neither target group of the deployment group`);
  });

  test('throttling by Elastic Load Balancing: the one-line message, exit 1', async () => {
    const { env } = await environment({
      elbFails: () => ({ status: 400, code: 'Throttling', message: 'Rate exceeded' }),
    });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `bluegreen listeners: Elastic Load Balancing throttled DescribeListeners on listeners ${PROD}, ${TEST} ` +
        '(account 222222222222, eu-west-1); wait a moment and run again\n',
    );
  });

  test('credentials ELB refuses on ModifyListener: the common refused-credentials line, exit 1', async () => {
    const { env } = await environment({
      listeners: resetListeners(),
      elbFails: (action) =>
        action === 'ModifyListener'
          ? {
              status: 403,
              code: 'InvalidClientTokenId',
              message: 'The security token included in the request is invalid',
            }
          : undefined,
    });

    const run = await repoint(env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `bluegreen listeners: Elastic Load Balancing refused ModifyListener for listener ${PROD} (account 222222222222, ` +
        'eu-west-1) (InvalidClientTokenId: The security token included in the request is invalid); use credentials ' +
        'of a role in account 222222222222 that may call it\n',
    );
  });

  test('without --repoint: a usage error, exit 2', async () => {
    const run = await cli.run(['listeners', '-e', 'staging', '--config', CONFIG]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('say --repoint');
  });
});
