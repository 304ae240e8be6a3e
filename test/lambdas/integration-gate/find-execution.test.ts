import type { BuildStateChange } from '../../../lambdas/integration-gate/build-state-change';
import { findExecution } from '../../../lambdas/integration-gate/find-execution';

const EXECUTION = { deploymentId: 'd-GATE00001', lifecycleEventHookExecutionId: 'eyJleGVjIjoiZ2F0ZS0xIn0=' };
const BUILD_ID = 'arn:aws:codebuild:eu-west-1:222222222222:build/shop-staging-integration:4f7c9a52';
const CHANGE: BuildStateChange = {
  projectName: 'shop-staging-integration',
  buildStatus: 'SUCCEEDED',
  buildId: BUILD_ID,
  execution: undefined,
};
const RECORDED = [
  { name: 'TARGET_URL', value: 'http://green.test:8443', type: 'PLAINTEXT' },
  { name: 'DEPLOYMENT_ID', value: EXECUTION.deploymentId, type: 'PLAINTEXT' },
  { name: 'HOOK_EXECUTION_ID', value: EXECUTION.lifecycleEventHookExecutionId, type: 'PLAINTEXT' },
];

/** A BatchGetBuilds stand-in that remembers the ids it was asked for. */
function lookup(answer: readonly unknown[] | undefined) {
  const asked: string[] = [];
  const read = (buildId: string) => {
    asked.push(buildId);
    return Promise.resolve(answer);
  };
  return { asked, read };
}

describe('findExecution', () => {
  test('takes the ids from the event when it carries them, and reads nothing', async () => {
    const { asked, read } = lookup(RECORDED);

    await expect(findExecution({ ...CHANGE, execution: EXECUTION }, read)).resolves.toEqual({
      from: 'event',
      execution: EXECUTION,
    });
    expect(asked).toEqual([]);
  });

  test("reads the build's record for an event without them, and takes the ids from it", async () => {
    const { asked, read } = lookup(RECORDED);

    await expect(findExecution(CHANGE, read)).resolves.toEqual({ from: 'build-record', execution: EXECUTION });
    expect(asked).toEqual([BUILD_ID]);
  });

  test.each<[string, readonly unknown[] | undefined]>([
    ['CodeBuild does not know the build', undefined],
    ['the record has no variables', []],
    ['the record lacks HOOK_EXECUTION_ID', RECORDED.slice(0, 2)],
  ])('finds nothing when %s', async (_case, answer) => {
    await expect(findExecution(CHANGE, lookup(answer).read)).resolves.toEqual({ from: 'nowhere' });
  });

  test('finds nothing, and reads nothing, for an event without a build id', async () => {
    const { asked, read } = lookup(RECORDED);

    await expect(findExecution({ ...CHANGE, buildId: undefined }, read)).resolves.toEqual({ from: 'nowhere' });
    expect(asked).toEqual([]);
  });

  test('passes a failing read on, so the invocation fails instead of judging', async () => {
    await expect(findExecution(CHANGE, () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
  });
});
