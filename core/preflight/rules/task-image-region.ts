import { parseEcrImage } from '../../../model/image-regions';
import { asList, asObject } from '../json-value';
import { coversAction, roleStatements, wildcardMatch } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, resourcesOfType, textOf } from '../template-values';

/**
 * A task pulls its image from a private ECR repository in its own region, with an execution role allowed to: an
 * image in another region is pulled across regions (slower, charged, and dead when that region is), and an execution
 * role without ecr:BatchGetImage on the repository stops the task at CannotPullContainerError.
 */
export const taskImageRegion: Rule = {
  id: 'task-image-region',
  severity: 'error',
  title: "Task images come from an ECR repository of the task's region that the execution role may pull",
  awsBehaviour:
    'ECS pulls a private ECR image with the task execution role, which needs ecr:BatchGetImage and ' +
    'ecr:GetDownloadUrlForLayer on the repository; an image of another region is pulled across regions, with data ' +
    'transfer charges and a dependency on that region being up.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap((ref): RuleFinding[] => {
        const where = { stack, logicalId: ref.logicalId, resource: ref.resource };
        const roleId = getAttTarget(ref.resource.Properties.ExecutionRoleArn)?.logicalId;
        const role = roleId === undefined ? undefined : stack.template.Resources[roleId];
        return asList(ref.resource.Properties.ContainerDefinitions).flatMap((container): RuleFinding[] => {
          const name = textOf(asObject(container)?.Name);
          const image = parseEcrImage(textOf(asObject(container)?.Image));
          if (!image) return [];
          if (
            image.region !== undefined &&
            stack.environment.region !== undefined &&
            image.region !== stack.environment.region
          ) {
            return [
              {
                ...where,
                severity: 'error',
                message:
                  `container '${name}' pulls ${image.repositoryName} from ${image.region}, not the task's region ` +
                  `${stack.environment.region}: keep a copy of the image in ${stack.environment.region} and name it`,
              },
            ];
          }
          if (role === undefined || roleId === undefined) {
            return [
              {
                ...where,
                severity: 'warning',
                message: `cannot check who pulls container '${name}': the execution role is not in the stack`,
              },
            ];
          }
          const repositoryArn = `arn:aws:ecr:${image.region ?? '*'}:${image.account ?? '*'}:repository/${image.repositoryName}`;
          const allowed = roleStatements({ stack, logicalId: roleId, resource: role }).some(
            (s) =>
              s.effect === 'Allow' &&
              coversAction(s, 'ecr:BatchGetImage') &&
              s.resources.some((r) => wildcardMatch(textOf(r).replace(/\$\{AWS::Partition\}/g, '*'), repositoryArn)),
          );
          return allowed
            ? []
            : [
                {
                  ...where,
                  severity: 'error',
                  message:
                    `execution role '${roleId}' may not ecr:BatchGetImage on ${image.repositoryName}, the image of ` +
                    `container '${name}': the task stops with CannotPullContainerError; grant it the pull`,
                },
              ];
        });
      }),
    ),
};
