import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';

/** What ECS refuses in one EFS volume of a task definition, or nothing. */
export function efsVolumeProblems(volume: JsonValue, hasTaskRole: boolean): string[] {
  const efs = asObject(pathOf(volume, 'EFSVolumeConfiguration'));
  if (!efs) return [];
  const name = asString(pathOf(volume, 'Name')) ?? '(unnamed)';
  const transit = asString(efs.TransitEncryption) ?? 'DISABLED';
  const iam = asString(pathOf(efs, 'AuthorizationConfig', 'IAM')) ?? 'DISABLED';
  const accessPoint = pathOf(efs, 'AuthorizationConfig', 'AccessPointId');
  const root = asString(efs.RootDirectory);
  const problems: string[] = [];
  if (iam === 'ENABLED' && transit !== 'ENABLED') {
    problems.push(`volume '${name}' uses IAM authorization with TransitEncryption ${transit}: set it to ENABLED`);
  }
  if (accessPoint !== undefined && transit !== 'ENABLED') {
    problems.push(`volume '${name}' mounts an access point with TransitEncryption ${transit}: set it to ENABLED`);
  }
  if (accessPoint !== undefined && root !== undefined && root !== '/') {
    problems.push(
      `volume '${name}' sets RootDirectory '${root}' with an access point: leave it out (the access point's path applies)`,
    );
  }
  if (iam === 'ENABLED' && !hasTaskRole) {
    problems.push(`volume '${name}' uses IAM authorization but the task definition has no task role to authorize`);
  }
  return problems;
}

/**
 * ECS registers a task definition with an EFS volume only when its authorization is consistent: IAM authorization
 * and access points both need transit encryption, an access point takes its root from its own path, and IAM
 * authorization mounts as the task role.
 */
export const efsVolumeAuthorization: Rule = {
  id: 'efs-volume-authorization',
  severity: 'error',
  title: 'EFS volumes: IAM authorization and access points need transit encryption',
  awsBehaviour:
    'RegisterTaskDefinition refuses an EFS volume whose authorizationConfig turns IAM on or names an access point ' +
    'while transitEncryption is DISABLED, and one that names an access point with a rootDirectory other than /.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap(({ logicalId, resource }): RuleFinding[] => {
        const hasTaskRole = resource.Properties.TaskRoleArn !== undefined;
        return asList(resource.Properties.Volumes)
          .flatMap((volume) => efsVolumeProblems(volume, hasTaskRole))
          .map((message) => ({ severity: 'error', stack, logicalId, resource, message }));
      }),
    ),
};
