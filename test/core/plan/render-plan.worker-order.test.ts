import { join } from 'node:path';
import { renderPlan } from '../../../core/plan/render-plan';
import { loadConfig } from '../../../model/config';
import { fixtureConfig, REPO_ROOT } from '../../support/configs';

const config = loadConfig(join(REPO_ROOT, 'test', 'fixtures', 'storage-jobs.yaml'), REPO_ROOT);
const linesOf = (plan: string, text: string) => plan.split('\n').filter((line) => line.includes(text));
const withoutRelease = {
  ...config,
  services: config.services.map((s) => (s.kind === 'web' ? { ...s, release: undefined } : s)),
};
const FIRST_DEPLOYMENT =
  "Workers: on an environment's FIRST deployment (the stack is created) there is no earlier revision";

describe('the plan says when a worker moves to its new revision', () => {
  test('with a release task: on every worker line, after the release task and the blue/green deployments, by RollWorkers', () => {
    const plan = renderPlan(config, undefined, 'cdk.out');
    const workerLines = linesOf(plan, 'service worker (worker)');
    expect(workerLines).toHaveLength(config.environments.length);
    for (const line of workerLines) {
      expect(line).toContain(
        'moves to the new revision after the release task and the blue/green deployments (step RollWorkers)',
      );
      expect(line).not.toContain('old schema');
    }
  });

  test('a singleton worker line says it too', () => {
    const plan = renderPlan(fixtureConfig('all-capabilities'), undefined, 'cdk.out');
    const beat = linesOf(plan, 'service beat (worker, singleton)');
    expect(beat.length).toBeGreaterThan(0);
    for (const line of beat)
      expect(line).toContain('after the release task and the blue/green deployments (step RollWorkers)');
  });

  test('without a release task: after the blue/green deployments, still by RollWorkers', () => {
    const line = linesOf(renderPlan(withoutRelease, undefined, 'cdk.out'), 'service worker (worker)')[0];
    expect(line).toContain(
      'moves to the new revision after the blue/green deployments (step RollWorkers; no release task)',
    );
  });

  test('the first deployment caveat is said once, and names the release task only when there is one', () => {
    const plan = renderPlan(config, undefined, 'cdk.out');
    expect(linesOf(plan, FIRST_DEPLOYMENT)).toEqual([
      `${FIRST_DEPLOYMENT}, so the workers start with the stack, before the release task has ever run; afterwards the ` +
        'stack only registers their revision and RollWorkers moves them.',
    ]);
    const [noRelease] = linesOf(renderPlan(withoutRelease, undefined, 'cdk.out'), FIRST_DEPLOYMENT);
    expect(noRelease).not.toContain('release task');
  });

  test('an application without workers gets no worker caveat', () => {
    const webOnly = { ...config, services: config.services.filter((s) => s.kind === 'web') };
    expect(linesOf(renderPlan(webOnly, undefined, 'cdk.out'), 'RollWorkers')).toEqual([]);
  });
});
