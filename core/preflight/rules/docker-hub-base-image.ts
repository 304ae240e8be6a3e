import { posix } from 'node:path';
import type { CloudAssembly } from '../assembly-model';
import { fromInstructions, isDockerHub } from '../dockerfile';
import { asList, asObject, asString } from '../json-value';
import type { Rule, RuleContext, RuleFinding } from '../rule';
import { resourcesOfType, type ResourceRef } from '../template-values';

/**
 * Image builds (CodeBuild projects with DOCKERFILE and BUILD_CONTEXT) must not pull base images from
 * Docker Hub anonymously, and should pin them by digest.
 */
export const dockerHubBaseImage: Rule = {
  id: 'docker-hub-base-image',
  severity: 'error',
  title: 'Base images come from ECR Public (or a pull-through cache), pinned by digest',
  awsBehaviour:
    'CodeBuild pulls anonymously from shared addresses, so Docker Hub pulls hit its rate limit (toomanyrequests) and ' +
    'builds fail; the same official images are served by ECR Public under public.ecr.aws/docker/library/.',
  docUrl:
    'https://aws.amazon.com/blogs/containers/advice-for-customers-dealing-with-docker-hub-rate-limits-and-a-coming-soon-announcement/',
  check: (assembly, context) => imageBuilds(assembly).flatMap((build) => checkDockerfile(build, context)),
};

interface ImageBuild {
  readonly project: ResourceRef;
  readonly dockerfilePath: string;
}

function imageBuilds(assembly: CloudAssembly): ImageBuild[] {
  return assembly.stacks
    .flatMap((stack) => resourcesOfType(stack, 'AWS::CodeBuild::Project'))
    .flatMap((project) => {
      const variables = new Map(
        asList(asObject(project.resource.Properties.Environment)?.EnvironmentVariables).map((v) => {
          const variable = asObject(v);
          const plain = variable?.Type === undefined || variable.Type === 'PLAINTEXT';
          return [asString(variable?.Name) ?? '', plain ? asString(variable?.Value) : undefined];
        }),
      );
      const dockerfile = variables.get('DOCKERFILE');
      const context = variables.get('BUILD_CONTEXT');
      if (dockerfile === undefined || context === undefined) return [];
      return [{ project, dockerfilePath: posix.join(context, dockerfile) }];
    });
}

function checkDockerfile({ project, dockerfilePath }: ImageBuild, context: RuleContext): RuleFinding[] {
  const where = { stack: project.stack, logicalId: project.logicalId, resource: project.resource };
  const text = context.readSourceFile(dockerfilePath);
  if (text === undefined) {
    return [
      {
        ...where,
        severity: 'warning',
        message: `cannot check base images: '${dockerfilePath}' not found in the source`,
      },
    ];
  }
  const stages = new Set<string>();
  const findings: RuleFinding[] = [];
  for (const from of fromInstructions(text)) {
    const at = `${dockerfilePath}:${from.line}`;
    if (stages.has(from.image.toLowerCase()) || from.image === 'scratch') {
      // A later stage built on an earlier one pulls nothing.
    } else if (from.image.includes('$')) {
      findings.push({
        ...where,
        severity: 'warning',
        message: `${at}: FROM ${from.image} is chosen by a build argument, so preflight cannot tell where it is pulled from`,
      });
    } else {
      if (isDockerHub(from.image)) {
        findings.push({
          ...where,
          severity: 'error',
          message:
            `${at}: FROM ${from.image} pulls anonymously from Docker Hub and hits its rate limit in CodeBuild: ` +
            `use ${ecrPublicEquivalent(from.image)} (ECR Public) or an ECR pull-through cache`,
        });
      }
      if (!from.image.includes('@sha256:')) {
        findings.push({
          ...where,
          severity: 'warning',
          message: `${at}: FROM ${from.image} is not pinned by digest; add @sha256:… so every build uses the image you reviewed`,
        });
      }
    }
    if (from.stageName !== undefined) stages.add(from.stageName.toLowerCase());
  }
  return findings;
}

/** Official images are mirrored on ECR Public (`node:22-alpine` → `public.ecr.aws/docker/library/node:22-alpine`). */
function ecrPublicEquivalent(image: string): string {
  const path = image.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//i, '');
  if (!path.includes('/')) return `public.ecr.aws/docker/library/${path}`;
  if (path.startsWith('library/')) return `public.ecr.aws/docker/${path}`;
  return `its copy on ECR Public (if published there)`;
}
