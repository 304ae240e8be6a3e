import {
  AwsJsonServer,
  localAwsEnv,
  type OperationHandler,
  type OperationReply,
  type ReceivedCall,
} from '../../../support/aws-json-server';
import { invokeHandler, type Handler, type HandlerRun } from '../../support/invoke-hook';

export const PROJECT = 'shop-staging-integration';
export const TEST_LISTENER = 'http://shop-staging-alb.example.com:8443';
export const BUILD_ID = `${PROJECT}:4f7c9a52-0d3e-4b1a-9c61-2b8e5d1f0a77`;
export const EVENT = { DeploymentId: 'd-GATE00001', LifecycleEventHookExecutionId: 'eyJleGVjIjoiZ2F0ZS0xIn0=' };

/** What one invocation did: how it ended, what it logged, and the calls each local endpoint received meanwhile. */
export interface GateRun extends HandlerRun {
  readonly startBuilds: Record<string, unknown>[];
  readonly batchGetBuilds: Record<string, unknown>[];
  readonly reports: Record<string, unknown>[];
}

/** CodeBuild accepting StartBuild, as it does for an existing project. */
export const started: OperationHandler = (input) => ({
  body: { build: { id: BUILD_ID, projectName: input.projectName, buildStatus: 'IN_PROGRESS' } },
});

/** CodeBuild answering BatchGetBuilds with a build whose record holds these variables (its project's and StartBuild's). */
export const recorded =
  (variables: { name: string; value: string; type?: string }[] = gateVariables()): OperationHandler =>
  (input) => ({
    body: {
      builds: (input.ids as string[]).map((id) => ({
        id,
        projectName: PROJECT,
        buildStatus: 'SUCCEEDED',
        environment: { type: 'LINUX_CONTAINER', environmentVariables: variables },
      })),
      buildsNotFound: [],
    },
  });

/** An AWS error answer. */
export const refuse = (status: number, errorType: string, message = errorType): OperationReply => ({
  status,
  errorType,
  message,
});

/**
 * CodeDeploy as it treats a hook execution: the first verdict is taken, every later one is refused
 * with LifecycleEventAlreadyCompletedException.
 */
export function codeDeployHookExecutions(): OperationHandler {
  const completed = new Set<string>();
  return (input) => {
    const id = String(input.lifecycleEventHookExecutionId);
    if (completed.has(id)) return refuse(400, 'LifecycleEventAlreadyCompletedException', 'already completed');
    completed.add(id);
    return { body: { lifecycleEventHookExecutionId: id } };
  };
}

/** The build state change EventBridge delivers for a build with these variables. */
export function buildStateChange(
  status: string | undefined,
  variables: { name: string; value: string; type?: string }[] = gateVariables(),
  projectName = PROJECT,
): Record<string, unknown> {
  return {
    version: '0',
    id: 'c030038d-8c4d-6141-9545-00ff7b7153EX',
    'detail-type': 'CodeBuild Build State Change',
    source: 'aws.codebuild',
    account: '222222222222',
    time: '2026-11-30T14:00:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:codebuild:eu-west-1:222222222222:build/${BUILD_ID}`],
    detail: {
      ...(status === undefined ? {} : { 'build-status': status }),
      'project-name': projectName,
      'build-id': `arn:aws:codebuild:eu-west-1:222222222222:build/${BUILD_ID}`,
      'additional-information': {
        environment: { image: 'aws/codebuild/standard:7.0', 'environment-variables': variables },
        timeout: 30,
      },
      'current-phase': 'COMPLETED',
      'current-phase-context': '[]',
      version: '1',
    },
  };
}

/** The variables the gate sets when it starts a build for EVENT. */
export function gateVariables(): { name: string; value: string; type: string }[] {
  return [
    { name: 'TARGET_URL', value: TEST_LISTENER, type: 'PLAINTEXT' },
    { name: 'DEPLOYMENT_ID', value: EVENT.DeploymentId, type: 'PLAINTEXT' },
    { name: 'HOOK_EXECUTION_ID', value: EVENT.LifecycleEventHookExecutionId, type: 'PLAINTEXT' },
  ];
}

/**
 * A local CodeBuild and a local CodeDeploy endpoint (awsJson1_1, reached by the real SDK clients through
 * AWS_ENDPOINT_URL_CODEBUILD / _CODEDEPLOY), shared by the invocations of one test so CodeDeploy remembers
 * which hook executions it already has a verdict for.
 */
export class GateHarness {
  /** What StartBuild answers; replace it per test. */
  startBuild: OperationHandler = started;
  /** What BatchGetBuilds answers; by default the build with the gate's variables, as CodeBuild records a gate's build. */
  batchGetBuilds: OperationHandler = recorded();
  /** What PutLifecycleEventHookExecutionStatus answers; by default CodeDeploy's own once-only behaviour. */
  putStatus: OperationHandler = codeDeployHookExecutions();

  private constructor(
    private readonly handler: Handler,
    private readonly codeBuild: AwsJsonServer,
    private readonly codeDeploy: AwsJsonServer,
  ) {}

  static async start(handler: Handler): Promise<GateHarness> {
    // The servers answer through the harness, so a test can change the answers after they started.
    const self: { harness?: GateHarness } = {};
    const codeBuild = await AwsJsonServer.start({
      StartBuild: (input, i) => self.harness!.startBuild(input, i),
      BatchGetBuilds: (input, i) => self.harness!.batchGetBuilds(input, i),
    });
    const codeDeploy = await AwsJsonServer.start({
      PutLifecycleEventHookExecutionStatus: (input, i) => self.harness!.putStatus(input, i),
    });
    self.harness = new GateHarness(handler, codeBuild, codeDeploy);
    return self.harness;
  }

  /** Invokes the handler with the gate's settings (override or delete them with `env`). */
  async invoke(event: unknown, env: Record<string, string | undefined> = {}): Promise<GateRun> {
    const before = { builds: this.codeBuild.calls.length, reports: this.codeDeploy.calls.length };
    const run = await invokeHandler(this.handler, event, {
      ...localAwsEnv('CODEBUILD', this.codeBuild.url),
      ...localAwsEnv('CODEDEPLOY', this.codeDeploy.url),
      PROJECT_NAME: PROJECT,
      TARGET_URL: TEST_LISTENER,
      ...env,
    });
    return {
      ...run,
      startBuilds: callsOf(this.codeBuild.calls.slice(before.builds), 'StartBuild'),
      batchGetBuilds: callsOf(this.codeBuild.calls.slice(before.builds), 'BatchGetBuilds'),
      reports: this.codeDeploy.calls.slice(before.reports).map((c) => c.input),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.codeBuild.stop(), this.codeDeploy.stop()]);
  }
}

function callsOf(calls: readonly ReceivedCall[], operation: string): Record<string, unknown>[] {
  return calls.filter((c) => c.operation === operation).map((c) => c.input);
}
