import { GATE_ENTRY, useBundledHandler } from '../support/bundle-hook';
import type { Handler } from '../support/invoke-hook';
import {
  BUILD_ID,
  buildStateChange,
  EVENT,
  gateVariables,
  GateHarness,
  PROJECT,
  recorded,
  refuse,
  TEST_LISTENER,
} from './support/gate-harness';

// The gate as Lambda runs it: bundled by esbuild with the SDK left out, driven with the real CodeBuild
// and CodeDeploy clients against local endpoints.

const report = (status: string) => ({
  deploymentId: EVENT.DeploymentId,
  lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId,
  status,
});

/** The event as it would be if CodeBuild left `environment-variables` out altogether. */
function withoutVariables(event: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(event) as {
    detail: { 'additional-information': { environment: Record<string, unknown> } };
  };
  delete copy.detail['additional-information'].environment['environment-variables'];
  return copy;
}

const bundled = useBundledHandler<Handler>(GATE_ENTRY);
let gate: GateHarness;

beforeEach(async () => {
  gate = await GateHarness.start(bundled.handler());
});
afterEach(() => gate.stop());

describe('integration gate at AfterAllowTestTraffic', () => {
  test('bundle keeps the SDK and zod out', () => {
    expect(bundled.bundle().inputs.filter((input) => /node_modules\/(zod|@aws-sdk)\//.test(input))).toEqual([]);
    expect(bundled.bundle().inputs).toContain('lambdas/integration-gate/start-suite.ts');
  });

  test('starts the suite against the test listener with the hook ids, and leaves the verdict to the build', async () => {
    const run = await gate.invoke(EVENT);

    expect(run.resolved).toEqual({ action: 'started', buildId: BUILD_ID });
    expect(run.startBuilds).toEqual([
      {
        projectName: PROJECT,
        environmentVariablesOverride: gateVariables(),
        idempotencyToken: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(run.reports).toEqual([]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'integration suite started; its build state change reports the verdict',
        deploymentId: EVENT.DeploymentId,
        buildId: BUILD_ID,
        targetUrl: TEST_LISTENER,
        service: 'integration-gate',
      }),
    );
  });

  test('retries a throttled StartBuild with the same idempotency token, so CodeBuild starts one build', async () => {
    gate.startBuild = (input, index) =>
      index === 0
        ? refuse(400, 'ThrottlingException', 'slow down')
        : { body: { build: { id: BUILD_ID, projectName: input.projectName } } };

    const run = await gate.invoke(EVENT);

    expect(run.resolved).toEqual({ action: 'started', buildId: BUILD_ID });
    expect(run.startBuilds).toHaveLength(2);
    expect(run.startBuilds[1].idempotencyToken).toBe(run.startBuilds[0].idempotencyToken);
    expect(run.reports).toEqual([]);
  });

  test.each<[string, Parameters<typeof refuse>]>([
    ['the project does not exist', [400, 'ResourceNotFoundException', 'project not found']],
    ['the account is at its build limit', [400, 'AccountLimitExceededException', 'too many builds']],
    ['CodeBuild denies the role', [400, 'AccessDeniedException', 'not authorized']],
  ])('reports Failed exactly once when StartBuild is refused because %s', async (_case, answer) => {
    gate.startBuild = () => refuse(...answer);

    const run = await gate.invoke(EVENT);

    expect(run.resolved).toEqual({ action: 'reported', status: 'Failed', outcome: 'reported' });
    expect(run.startBuilds).toHaveLength(1);
    expect(run.reports).toEqual([report('Failed')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'integration suite could not start, failing the hook',
        error: answer[2],
      }),
    );
  });

  test('reports Failed when CodeBuild accepts StartBuild but names no build', async () => {
    gate.startBuild = () => ({ body: {} });

    const run = await gate.invoke(EVENT);

    expect(run.reports).toEqual([report('Failed')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ error: 'CodeBuild answered StartBuild without a build id' }),
    );
  });

  test.each<[string, Record<string, string | undefined>, string]>([
    ['PROJECT_NAME is missing', { PROJECT_NAME: undefined }, 'PROJECT_NAME must be a CodeBuild project name'],
    ['PROJECT_NAME is not a project name', { PROJECT_NAME: 'shop staging' }, '(got "shop staging")'],
    ['TARGET_URL is missing', { TARGET_URL: undefined }, 'TARGET_URL is required'],
    ['TARGET_URL is not http', { TARGET_URL: 'ftp://green.example.com' }, 'TARGET_URL must use http or https'],
  ])('reports Failed exactly once, starting nothing, when %s', async (_case, env, error) => {
    const run = await gate.invoke(EVENT, env);

    expect(run.startBuilds).toEqual([]);
    expect(run.reports).toEqual([report('Failed')]);
    expect(run.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', error: expect.stringContaining(error) }));
  });

  test.each<[string, unknown]>([
    ['no event', undefined],
    ['an empty event', {}],
    ['no LifecycleEventHookExecutionId', { DeploymentId: EVENT.DeploymentId }],
    ['a list', [EVENT]],
  ])('throws without starting or reporting anything for %s', async (_case, event) => {
    const run = await gate.invoke(event);

    expect(run.rejected).toMatch(/^lifecycle hook event (must be an object|is malformed)/);
    expect(run.startBuilds).toEqual([]);
    expect(run.reports).toEqual([]);
  });
});

describe('integration gate on the build state change', () => {
  test('reports Succeeded exactly once for SUCCEEDED, from the variables in the event alone', async () => {
    const run = await gate.invoke(buildStateChange('SUCCEEDED'));

    expect(run.resolved).toEqual({ action: 'reported', status: 'Succeeded', outcome: 'reported' });
    expect(run.reports).toEqual([report('Succeeded')]);
    expect(run.startBuilds).toEqual([]);
    expect(run.batchGetBuilds).toEqual([]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        message: 'integration gate verdict reported',
        status: 'Succeeded',
        buildStatus: 'SUCCEEDED',
        projectName: PROJECT,
      }),
    );
  });

  test.each(['FAILED', 'STOPPED', 'TIMED_OUT', 'FAULT'])('reports Failed exactly once for %s', async (status) => {
    const run = await gate.invoke(buildStateChange(status));

    expect(run.resolved).toEqual({ action: 'reported', status: 'Failed', outcome: 'reported' });
    expect(run.reports).toEqual([report('Failed')]);
  });

  test.each<[string, string | undefined]>([
    ['a status CodeBuild may add later', 'SUSPENDED'],
    ['no status', undefined],
  ])('fails closed: reports Failed for %s', async (_case, status) => {
    const run = await gate.invoke(buildStateChange(status));

    expect(run.reports).toEqual([report('Failed')]);
  });

  test('waits for the final state: IN_PROGRESS reports nothing', async () => {
    const run = await gate.invoke(buildStateChange('IN_PROGRESS'));

    expect(run.resolved).toEqual({ action: 'ignored', reason: 'not-finished' });
    expect(run.reports).toEqual([]);
  });

  test('a second delivery of the same event is done: CodeDeploy says already completed, nothing is thrown', async () => {
    const first = await gate.invoke(buildStateChange('SUCCEEDED'));
    const second = await gate.invoke(buildStateChange('SUCCEEDED'));

    expect(first.resolved).toEqual({ action: 'reported', status: 'Succeeded', outcome: 'reported' });
    expect(second.resolved).toEqual({ action: 'reported', status: 'Succeeded', outcome: 'already-reported' });
    expect(second.rejected).toBeUndefined();
    expect(second.reports).toEqual([report('Succeeded')]);
    expect(second.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'hook execution already had a verdict, nothing more to report',
      }),
    );
  });

  test('a build that ends after its start was reported Failed leaves that verdict standing', async () => {
    // StartBuild's answer was lost, so the hook failed at once; the build ran anyway and ends SUCCEEDED.
    gate.startBuild = () => refuse(400, 'AccessDeniedException', 'answer lost');
    const start = await gate.invoke(EVENT);
    const end = await gate.invoke(buildStateChange('SUCCEEDED'));

    expect(start.reports).toEqual([report('Failed')]);
    expect(end.resolved).toEqual({ action: 'reported', status: 'Succeeded', outcome: 'already-reported' });
  });

  test('retries a throttled report and reports once', async () => {
    gate.putStatus = (input, index) =>
      index === 0
        ? refuse(400, 'ThrottlingException', 'slow down')
        : { body: { lifecycleEventHookExecutionId: input.lifecycleEventHookExecutionId } };

    const run = await gate.invoke(buildStateChange('FAILED'));

    expect(run.resolved).toEqual({ action: 'reported', status: 'Failed', outcome: 'reported' });
    // The throttled attempt and the SDK's retry of the same call; CodeDeploy accepted exactly one.
    expect(run.reports).toEqual([report('Failed'), report('Failed')]);
  });

  test('a report CodeDeploy refuses otherwise is not sent again, and the invocation fails', async () => {
    gate.putStatus = () => refuse(400, 'AccessDeniedException', 'not authorized to report');

    const run = await gate.invoke(buildStateChange('SUCCEEDED'));

    expect(run.rejected).toBe('not authorized to report');
    expect(run.reports).toEqual([report('Succeeded')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'reporting to CodeDeploy failed', status: 'Succeeded' }),
    );
  });

  test.each<[string, { name: string; value: string; type?: string }[]]>([
    ['no variables of the gate', [{ name: 'NODE_ENV', value: 'test', type: 'PLAINTEXT' }]],
    ['no HOOK_EXECUTION_ID', gateVariables().filter((v) => v.name !== 'HOOK_EXECUTION_ID')],
    ['an empty DEPLOYMENT_ID', gateVariables().map((v) => (v.name === 'DEPLOYMENT_ID' ? { ...v, value: '' } : v))],
    [
      'ids held in Parameter Store (a reference, not the id)',
      gateVariables().map((v) => ({ ...v, type: 'PARAMETER_STORE' })),
    ],
  ])(
    'reports nothing for a build with %s in its event and its record: the gate did not start it',
    async (_case, variables) => {
      gate.batchGetBuilds = recorded(variables);

      const run = await gate.invoke(buildStateChange('FAILED', variables));

      expect(run.resolved).toEqual({ action: 'ignored', reason: 'no-hook-execution' });
      expect(run.batchGetBuilds).toEqual([{ ids: [BUILD_ID] }]);
      expect(run.reports).toEqual([]);
    },
  );

  test.each<[string, Record<string, unknown>]>([
    ['an empty environment-variables list', buildStateChange('SUCCEEDED', [])],
    ['no environment-variables at all', withoutVariables(buildStateChange('SUCCEEDED'))],
  ])('reads the ids with BatchGetBuilds when the event has %s, and reports once', async (_case, event) => {
    const run = await gate.invoke(event);

    expect(run.batchGetBuilds).toEqual([{ ids: [BUILD_ID] }]);
    expect(run.resolved).toEqual({ action: 'reported', status: 'Succeeded', outcome: 'reported' });
    expect(run.reports).toEqual([report('Succeeded')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'the event carried no build variables; hook execution read with BatchGetBuilds',
        deploymentId: EVENT.DeploymentId,
      }),
    );
  });

  test('fails closed with one error line when neither the event nor BatchGetBuilds names the hook execution', async () => {
    gate.batchGetBuilds = (input) => ({ body: { builds: [], buildsNotFound: input.ids } });

    const run = await gate.invoke(buildStateChange('SUCCEEDED', []));

    expect(run.resolved).toEqual({ action: 'ignored', reason: 'no-hook-execution' });
    expect(run.reports).toEqual([]);
    expect(run.logs.filter((line) => line.level === 'ERROR')).toEqual([
      expect.objectContaining({
        message:
          'suite build names no DEPLOYMENT_ID and HOOK_EXECUTION_ID, neither in its event nor in BatchGetBuilds; reporting nothing',
        buildId: `arn:aws:codebuild:eu-west-1:222222222222:build/${BUILD_ID}`,
      }),
    ]);
  });

  test('a BatchGetBuilds CodeBuild refuses fails the invocation (to the dead-letter queue) without a report', async () => {
    gate.batchGetBuilds = () => refuse(400, 'AccessDeniedException', 'not authorized to read builds');

    const run = await gate.invoke(buildStateChange('SUCCEEDED', []));

    expect(run.rejected).toBe('not authorized to read builds');
    expect(run.reports).toEqual([]);
  });

  test('asks CodeBuild nothing about a build of another project without the ids', async () => {
    const run = await gate.invoke(buildStateChange('SUCCEEDED', [], 'someone-elses-project'));

    expect(run.resolved).toEqual({ action: 'ignored', reason: 'not-a-gate-build' });
    expect(run.batchGetBuilds).toEqual([]);
  });

  test('ignores a build of another project, even with the ids', async () => {
    const run = await gate.invoke(buildStateChange('SUCCEEDED', gateVariables(), 'someone-elses-project'));

    expect(run.resolved).toEqual({ action: 'ignored', reason: 'other-project' });
    expect(run.reports).toEqual([]);
  });

  test('fails the hook, rather than leave it waiting, when its own settings are invalid', async () => {
    const run = await gate.invoke(buildStateChange('SUCCEEDED'), { PROJECT_NAME: undefined });

    expect(run.reports).toEqual([report('Failed')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'integration gate could not judge the build, failing the hook',
      }),
    );
  });

  test.each<[string, unknown, string]>([
    [
      'no detail',
      { 'detail-type': 'CodeBuild Build State Change', source: 'aws.codebuild' },
      'detail.project-name must be a non-empty string',
    ],
    [
      'no project name',
      { 'detail-type': 'CodeBuild Build State Change', detail: { 'build-status': 'SUCCEEDED' } },
      'detail.project-name must be a non-empty string',
    ],
    [
      'another detail-type',
      { 'detail-type': 'CodeBuild Build Phase Change', detail: { 'project-name': PROJECT } },
      'lifecycle hook event is malformed',
    ],
  ])('throws without reporting for an event with %s', async (_case, event, error) => {
    const run = await gate.invoke(event);

    expect(run.rejected).toContain(error);
    expect(run.reports).toEqual([]);
    expect(run.startBuilds).toEqual([]);
  });
});
