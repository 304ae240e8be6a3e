import { configWith, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

type Resources = Record<string, { Type: string; Properties: unknown }>;

function resourcesOfType(template: { toJSON(): unknown }, type: string): Resources {
  const all = (template.toJSON() as { Resources: Resources }).Resources;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => r.Type === type));
}

// CloudFormation refuses to update a CODE_DEPLOY service's task definition, load balancers or network
// settings (FACTS), so a container change must register a new revision and leave the service alone.
describe('a change of container settings', () => {
  const before = synthesized(shippedConfig(), 'commit-1');
  const after = synthesized(
    configWith((raw) => {
      const service = raw.service as { environment: Record<string, string> };
      service.environment.FEATURE_FLAG = 'on';
    }),
    'commit-2',
  );

  test.each(Object.keys(before.environments))(
    'changes the %s task definition and leaves the ECS service byte-identical',
    (name) => {
      const taskDefinitionBefore = resourcesOfType(before.environments[name], 'AWS::ECS::TaskDefinition');
      const taskDefinitionAfter = resourcesOfType(after.environments[name], 'AWS::ECS::TaskDefinition');
      expect(JSON.stringify(taskDefinitionAfter)).not.toEqual(JSON.stringify(taskDefinitionBefore));
      expect(JSON.stringify(taskDefinitionAfter)).toContain('FEATURE_FLAG');
      expect(JSON.stringify(taskDefinitionAfter)).toContain(':commit-2');

      const serviceBefore = resourcesOfType(before.environments[name], 'AWS::ECS::Service');
      const serviceAfter = resourcesOfType(after.environments[name], 'AWS::ECS::Service');
      expect(Object.keys(serviceAfter)).toHaveLength(1);
      expect(JSON.stringify(serviceAfter)).toEqual(JSON.stringify(serviceBefore));
    },
  );

  test('leaves the pipeline stack itself unchanged (only the stage templates change per commit)', () => {
    expect(JSON.stringify(after.pipeline.toJSON())).toEqual(JSON.stringify(before.pipeline.toJSON()));
  });
});
