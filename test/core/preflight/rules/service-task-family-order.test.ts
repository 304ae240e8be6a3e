import { parseTemplate } from '../../../../core/preflight/assembly';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { serviceTaskFamilyOrder } from '../../../../core/preflight/rules/service-task-family-order';
import { fixtureConfig } from '../../../support/configs';
import { synthesized } from '../../../support/synthesized';
import { assemblyOf, resource, runRule, STAGING, stack } from '../harness';

const definition = resource('AWS::ECS::TaskDefinition', { Family: 'app-staging-worker' });
const service = (taskDefinition: unknown, dependsOn?: string[]): TemplateResource => ({
  ...resource('AWS::ECS::Service', { ServiceName: 'app-staging-worker', TaskDefinition: taskDefinition as string }),
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
});
const findings = (worker: TemplateResource) =>
  runRule(
    serviceTaskFamilyOrder,
    assemblyOf(stack('app-staging-service', { account: STAGING, resources: { TaskDef: definition, Worker: worker } })),
  );

describe('service-task-family-order', () => {
  test.each([
    ['the family, with DependsOn on its task definition', service('app-staging-worker', ['TaskDef'])],
    ['a Ref to the task definition (CloudFormation orders it)', service({ Ref: 'TaskDef' })],
    ['a family no task definition of the stack defines (one that exists already)', service('other-family')],
  ])('passes %s', (_what, worker) => {
    expect(findings(worker)).toEqual([]);
  });

  test.each([
    ['the bare family', 'app-staging-worker'],
    ['family:revision', 'app-staging-worker:3'],
    ['an ARN of the family', 'arn:aws:ecs:eu-west-1:222222222222:task-definition/app-staging-worker:3'],
  ])('refuses %s without DependsOn, naming the task definition to wait for', (_what, name) => {
    const [finding] = findings(service(name, ['SomethingElse']));
    expect(finding).toMatchObject({ ruleId: 'service-task-family-order', severity: 'error', logicalId: 'Worker' });
    expect(finding.message).toContain('names task definition family app-staging-worker by name');
    expect(finding.message).toContain('add DependsOn TaskDef');
  });

  test('passes the synthesized environment stacks of a config with a worker and a singleton, read as cdk.out is', () => {
    const { environments } = synthesized(fixtureConfig('all-capabilities'));
    const stacks = Object.entries(environments).map(([name, template]) => {
      // Through the loader's own parser, so DependsOn reaches the rule as it does from cdk.out.
      const parsed = parseTemplate(template.toJSON() as JsonObject, `${name}.template.json`);
      return stack(`helpdesk-${name}-service`, { resources: parsed.Resources, outputs: parsed.Outputs });
    });
    expect(runRule(serviceTaskFamilyOrder, assemblyOf(...stacks))).toEqual([]);
  });
});
