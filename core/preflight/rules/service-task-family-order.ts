import { asString } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { refTarget, resourcesOfType } from '../template-values';

/** The family a service's TaskDefinition names as text (`family`, `family:N` or an ARN of either), else undefined. */
function familyNamed(value: string): string {
  const name = value.includes('task-definition/') ? value.slice(value.lastIndexOf('task-definition/') + 16) : value;
  return name.split(':')[0];
}

/**
 * An ECS service may name its task definition by family (the latest ACTIVE revision), as a worker does so that a new
 * revision does not roll it with the stack. A name is no reference, so CloudFormation does not order the service
 * after the task definition it names: on the stack's creation CreateService can run before the family has a
 * revision and fails. Every service that names a family defined in its own stack must depend on it explicitly.
 */
export const serviceTaskFamilyOrder: Rule = {
  id: 'service-task-family-order',
  severity: 'error',
  title: 'Services that name a task definition family are created after it',
  awsBehaviour:
    'AWS::ECS::Service TaskDefinition takes the family (then "the latest ACTIVE revision is used"), family:revision ' +
    'or an ARN; only a Ref orders the service after the task definition, so without DependsOn CreateService can ' +
    'run before the family has any revision and is refused.',
  docUrl: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) => {
      const families = new Map(
        resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap((definition) => {
          const family = asString(definition.resource.Properties.Family);
          return family === undefined ? [] : [[family, definition.logicalId] as const];
        }),
      );
      return resourcesOfType(stack, 'AWS::ECS::Service').flatMap((service): RuleFinding[] => {
        const named = service.resource.Properties.TaskDefinition;
        if (refTarget(named) !== undefined || typeof named !== 'string') return [];
        const family = familyNamed(named);
        const definition = families.get(family);
        const dependsOn = service.resource.DependsOn ?? [];
        if (definition === undefined || [dependsOn].flat().includes(definition)) return [];
        return [
          {
            severity: 'error',
            stack,
            logicalId: service.logicalId,
            resource: service.resource,
            message:
              `the service names task definition family ${family} by name, and CloudFormation does not know to ` +
              `create it after ${definition}: on the stack's creation CreateService can find no revision; add ` +
              `DependsOn ${definition} (CfnService.addResourceDependency)`,
          },
        ];
      });
    }),
};
