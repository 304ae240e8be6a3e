import { join } from 'node:path';
import { renderPlan } from '../../../core/plan/render-plan';
import { loadConfig } from '../../../model/config';
import { REPO_ROOT } from '../../support/configs';

const config = loadConfig(join(REPO_ROOT, 'test', 'fixtures', 'storage-jobs.yaml'), REPO_ROOT);
const workerLine = (plan: string) => plan.split('\n').find((line) => line.includes('service worker (worker)'))!;

describe('the plan says when a worker rolls relative to the release task', () => {
  test('with a release task, the worker line says it rolls before it, on the old schema', () => {
    expect(workerLine(renderPlan(config, undefined, 'cdk.out'))).toContain(
      'it rolls in the CloudFormation step, before the release task: its new code meets the old schema until the migration ran',
    );
  });

  test('without a release task, nothing is said', () => {
    const withoutRelease = {
      ...config,
      services: config.services.map((s) => (s.kind === 'web' ? { ...s, release: undefined } : s)),
    };
    expect(workerLine(renderPlan(withoutRelease, undefined, 'cdk.out'))).not.toContain('release task');
  });
});
