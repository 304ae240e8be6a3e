import { REPOINT_ENVIRONMENT } from '../../../model/lambda-contracts';
import { AwsJsonServer, localAwsEnv } from '../../support/aws-json-server';
import { ElbServer, type FakeListener } from '../../support/elbv2-server';
import { REPOINT_ENTRY, useBundledHandler } from '../support/bundle-hook';
import { invokeHandler } from '../support/invoke-hook';

// The re-point function as Lambda runs it: bundled by esbuild with the SDK left out, driven with the real CodeDeploy,
// ECS and Elastic Load Balancing clients against local endpoints, configured only by its environment variables.

const ELB = 'arn:aws:elasticloadbalancing:eu-west-1:222222222222';
const BLUE = `${ELB}:targetgroup/sample-blue/1111111111111111`;
const GREEN = `${ELB}:targetgroup/sample-green/2222222222222222`;
const PROD = `${ELB}:listener/app/sample-alb/3333333333333333/4444444444444444`;
const TEST = `${ELB}:listener/app/sample-alb/3333333333333333/5555555555555555`;
const ELSEWHERE = `${ELB}:listener/app/other-alb/8888888888888888/9999999999999999`;

const SERVICES = [
  {
    service: 'web',
    deploymentGroup: 'sample-staging-bluegreen',
    listeners: [PROD, TEST],
    targetGroups: ['sample-blue', 'sample-green'],
  },
];

type Handler = (event?: unknown) => Promise<unknown>;
const bundled = useBundledHandler<Handler>(REPOINT_ENTRY);
const servers: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A stack update left production on blue while the PRIMARY task set serves green. */
const resetListeners = (): FakeListener[] => [
  { arn: PROD, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: BLUE }], rules: [] },
  { arn: TEST, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: GREEN }], rules: [] },
];

/** CodeDeploy and ECS on one local endpoint; `routeListeners` are what the deployment group names. */
async function environment(routeListeners: { prod: string[]; test: string[] } = { prod: [PROD], test: [TEST] }) {
  const json = await AwsJsonServer.start({
    GetDeploymentGroup: () => ({
      body: {
        deploymentGroupInfo: {
          ecsServices: [{ clusterName: 'sample-staging', serviceName: 'sample-staging' }],
          loadBalancerInfo: {
            targetGroupPairInfoList: [
              {
                targetGroups: [{ name: 'sample-blue' }, { name: 'sample-green' }],
                prodTrafficRoute: { listenerArns: routeListeners.prod },
                testTrafficRoute: { listenerArns: routeListeners.test },
              },
            ],
          },
        },
      },
    }),
    ListDeployments: () => ({ body: { deployments: [] } }),
    DescribeServices: () => ({
      body: {
        services: [
          {
            serviceName: 'sample-staging',
            status: 'ACTIVE',
            taskSets: [
              { id: 'ecs-svc/1', status: 'PRIMARY', loadBalancers: [{ targetGroupArn: GREEN }] },
              { id: 'ecs-svc/2', status: 'DRAINING', loadBalancers: [{ targetGroupArn: BLUE }] },
            ],
          },
        ],
        failures: [],
      },
    }),
  });
  const elb = await ElbServer.start([
    ...resetListeners(),
    { arn: ELSEWHERE, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: BLUE }], rules: [] },
  ]);
  servers.push(json, elb);
  return { json, elb };
}

/** Runs the handler with the variables its stack sets (`overrides` replace some) and local endpoints. */
async function invoke(
  endpoints: { json: AwsJsonServer; elb: ElbServer },
  event: unknown,
  overrides: Record<string, string | undefined> = {},
) {
  return invokeHandler(bundled.handler(), event, {
    ...localAwsEnv('CODEDEPLOY', endpoints.json.url),
    AWS_ENDPOINT_URL_ECS: endpoints.json.url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: endpoints.elb.url,
    AWS_MAX_ATTEMPTS: '1',
    [REPOINT_ENVIRONMENT.environment]: 'staging',
    [REPOINT_ENVIRONMENT.account]: '222222222222',
    [REPOINT_ENVIRONMENT.application]: 'sample-staging',
    [REPOINT_ENVIRONMENT.services]: JSON.stringify(SERVICES),
    ...overrides,
  });
}

describe('listener re-point function', () => {
  test('bundle keeps the SDK and zod out and is built from core/listeners', () => {
    expect(bundled.bundle().inputs.filter((input) => /node_modules\/(zod|yaml|@aws-sdk)\//.test(input))).toEqual([]);
    expect(bundled.bundle().inputs).toContain('core/listeners/repoint-listeners.ts');
  });

  test('re-points the production listener its stack named to the PRIMARY task set and returns the line', async () => {
    const endpoints = await environment();

    const run = await invoke(endpoints, undefined);

    expect(run.rejected).toBeUndefined();
    expect(run.resolved).toEqual({
      environment: 'staging',
      changes: [`service web: listener ${PROD} forwards to sample-blue; re-pointed to sample-green (PRIMARY task set)`],
    });
    expect(endpoints.elb.callsOf('ModifyListener')).toEqual([
      { ListenerArn: PROD, 'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': GREEN },
    ]);
    expect(endpoints.json.callsOf('GetDeploymentGroup')).toEqual([
      { applicationName: 'sample-staging', deploymentGroupName: 'sample-staging-bluegreen' },
    ]);
  });

  test('an event with fields changes nothing: the same calls as an empty one, and no other listener touched', async () => {
    const plain = await environment();
    const baseline = await invoke(plain, {});
    const crafted = await environment();

    const run = await invoke(crafted, {
      ListenerArn: ELSEWHERE,
      TargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:999999999999:targetgroup/attacker/0',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Host: 'attacker.example' } }],
      environment: 'prod',
      deploymentGroup: 'other-bluegreen',
    });

    expect([run.resolved, run.rejected]).toEqual([baseline.resolved, baseline.rejected]);
    expect(crafted.elb.calls).toEqual(plain.elb.calls);
    expect(crafted.json.calls).toEqual(plain.json.calls);
    expect(crafted.elb.listeners[2].defaultActions).toEqual([{ Type: 'forward', TargetGroupArn: BLUE }]);
  });

  test('a deployment group that names a listener its stack did not: fails with one line, nothing modified', async () => {
    const endpoints = await environment({ prod: [ELSEWHERE], test: [TEST] });

    const run = await invoke(endpoints, undefined);

    expect(run.rejected).toContain(`the deployment group names listener ${ELSEWHERE}, which its stack did not deploy`);
    expect(run.rejected).toContain('nothing was changed');
    expect(run.rejected?.split('\n')).toHaveLength(1);
    expect(endpoints.elb.callsOf('ModifyListener')).toEqual([]);
  });

  test.each([
    [{ [REPOINT_ENVIRONMENT.services]: undefined }, `${REPOINT_ENVIRONMENT.services} must be a JSON list of`],
    [{ [REPOINT_ENVIRONMENT.services]: '[]' }, `${REPOINT_ENVIRONMENT.services} must be a JSON list of`],
    [
      { [REPOINT_ENVIRONMENT.services]: JSON.stringify([{ ...SERVICES[0], listeners: [PROD] }]) },
      `${REPOINT_ENVIRONMENT.services} must be a JSON list of`,
    ],
    [{ [REPOINT_ENVIRONMENT.application]: undefined }, `${REPOINT_ENVIRONMENT.application} must be set (got nothing)`],
  ])('malformed settings %#: refused before any call', async (overrides, message) => {
    const endpoints = await environment();

    const run = await invoke(endpoints, undefined, overrides);

    expect(run.rejected).toContain(message);
    expect(endpoints.json.calls).toEqual([]);
    expect(endpoints.elb.calls).toEqual([]);
  });
});
