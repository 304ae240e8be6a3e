import { diffResources } from '../../../core/diff';
import type { TemplateResource } from '../../../core/preflight/assembly-model';

// GIVEN a worker (ECS deployment controller, task definition by family) and a web service under CodeDeploy.
const worker = (subnets: string[]): TemplateResource => ({
  Type: 'AWS::ECS::Service',
  Properties: {
    TaskDefinition: 'shop-staging-worker',
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: subnets } },
  },
});
const web = (desiredCount: number): TemplateResource => ({
  Type: 'AWS::ECS::Service',
  Properties: { DeploymentController: { Type: 'CODE_DEPLOY' }, DesiredCount: desiredCount },
});
const marksOf = (before: Record<string, TemplateResource>, after: Record<string, TemplateResource>) =>
  Object.fromEntries(diffResources(before, after).map((c) => [c.logicalId, c.marks.map((m) => m.word)]));

test("a change of a worker's service is marked ROLLS, saying its code runs before the release task", () => {
  const changes = diffResources({ Worker: worker(['subnet-a']) }, { Worker: worker(['subnet-a', 'subnet-b']) });
  expect(changes.map((c) => c.marks.map((m) => m.word))).toEqual([['ROLLS']]);
  expect(changes[0].marks[0].reason).toContain("this commit's worker code runs before the release task");
});

test('a change of a CodeDeploy service is not marked ROLLS, nor is an unchanged worker', () => {
  expect(marksOf({ Web: web(2), Worker: worker(['subnet-a']) }, { Web: web(3), Worker: worker(['subnet-a']) })).toEqual(
    { Web: [] },
  );
});
