import type { AssemblyStack } from '../assembly-model';
import { asList, asString, pathOf, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { refTarget, resourcesOfType, textOf, type ResourceRef } from '../template-values';

/** Who runs a task definition: an ECS service or a schedule, with the subnets its tasks get. */
interface Runner {
  readonly ref: ResourceRef;
  readonly what: string;
  readonly taskDefinition: JsonValue | undefined;
  readonly subnets: JsonValue[];
}

function runnersOf(stack: AssemblyStack): Runner[] {
  const services = resourcesOfType(stack, 'AWS::ECS::Service').map((ref) => ({
    ref,
    what: `service ${asString(ref.resource.Properties.ServiceName) ?? ref.logicalId}`,
    taskDefinition: ref.resource.Properties.TaskDefinition,
    subnets: asList(pathOf(ref.resource.Properties, 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets')),
  }));
  const schedules = resourcesOfType(stack, 'AWS::Scheduler::Schedule').map((ref) => {
    const ecs = pathOf(ref.resource.Properties, 'Target', 'EcsParameters');
    return {
      ref,
      what: `schedule ${ref.logicalId}`,
      taskDefinition: pathOf(ecs, 'TaskDefinitionArn'),
      subnets: asList(pathOf(ecs, 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets')),
    };
  });
  return [...services, ...schedules];
}

/** True when `value` names the task definition: a Ref to it, its family, family:revision, or an ARN of either. */
function namesTaskDefinition(value: JsonValue | undefined, logicalId: string, family: string | undefined): boolean {
  if (refTarget(value) === logicalId) return true;
  if (family === undefined) return false;
  const text = textOf(value);
  const name = text.includes('task-definition/') ? text.slice(text.lastIndexOf('task-definition/') + 16) : text;
  return name === family || name.startsWith(`${family}:`);
}

/**
 * A task mounts an EFS file system through the mount target in its own availability zone; in a zone without one
 * the mount fails and the task stops before it starts. For each file system of a stack, every service or schedule
 * whose task definition mounts it must run only in subnets of zones where the file system has a mount target.
 */
export const efsMountTargetZones: Rule = {
  id: 'efs-mount-target-zones',
  severity: 'error',
  title: 'EFS file systems have a mount target in every zone their tasks run in',
  awsBehaviour:
    'A Fargate task mounts EFS through the mount target in its own Availability Zone; where the file system has ' +
    'none, the task fails to start (ResourceInitializationError).',
  docUrl: 'https://docs.aws.amazon.com/efs/latest/ug/accessing-fs.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack): RuleFinding[] => {
      const zoneOf = new Map(
        resourcesOfType(stack, 'AWS::EC2::Subnet').map((s) => [
          s.logicalId,
          asString(s.resource.Properties.AvailabilityZone),
        ]),
      );
      const mountZones = new Map<string, Set<string | undefined>>();
      for (const target of resourcesOfType(stack, 'AWS::EFS::MountTarget')) {
        const fileSystem = refTarget(target.resource.Properties.FileSystemId);
        const subnet = refTarget(target.resource.Properties.SubnetId);
        if (fileSystem === undefined) continue;
        const zones = mountZones.get(fileSystem) ?? new Set();
        zones.add(subnet === undefined ? undefined : zoneOf.get(subnet));
        mountZones.set(fileSystem, zones);
      }
      const fileSystems = new Set(resourcesOfType(stack, 'AWS::EFS::FileSystem').map((fs) => fs.logicalId));
      const runners = runnersOf(stack);
      return resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap((definition) => {
        const family = asString(definition.resource.Properties.Family);
        const mounted = asList(definition.resource.Properties.Volumes)
          .map((volume) => refTarget(pathOf(volume, 'EFSVolumeConfiguration', 'FilesystemId')))
          .filter((id): id is string => id !== undefined && fileSystems.has(id));
        return runners
          .filter((runner) => namesTaskDefinition(runner.taskDefinition, definition.logicalId, family))
          .flatMap((runner) =>
            mounted.flatMap((fileSystem): RuleFinding[] => {
              const zones = mountZones.get(fileSystem) ?? new Set();
              // A mount target in a subnet whose zone this template does not say: nothing to compare against.
              if (zones.has(undefined)) return [];
              const missing = [
                ...new Set(
                  runner.subnets
                    .map((subnet) => zoneOf.get(refTarget(subnet) ?? ''))
                    .filter((zone): zone is string => zone !== undefined && !zones.has(zone)),
                ),
              ];
              if (missing.length === 0) return [];
              const where =
                zones.size > 0 ? `it has mount targets only in ${[...zones].join(', ')}` : 'it has no mount target';
              return [
                {
                  severity: 'error',
                  stack,
                  logicalId: runner.ref.logicalId,
                  resource: runner.ref.resource,
                  message:
                    `${runner.what} runs ${family ?? definition.logicalId}, which mounts file system ${fileSystem}, in ` +
                    `${missing.join(', ')}, but ${where}: add a mount target in each subnet zone the tasks use`,
                },
              ];
            }),
          );
      });
    }),
};
