import { buildSpecCommands, readBuildSpec } from '../buildspec';
import { pathOf, type JsonValue } from '../json-value';
import { MINIMUM_NODE_MAJOR } from '../../../model/node-version';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';

// Commands that run on the image's Node: the project's own CLI and the CDK toolchain included.
const RUNS_NODE = /(^|[\s;&|(`"'])(node|npm|npx|cdk|cdk-assets|bluegreen|yarn|pnpm)(?=$|[\s;&|)`"'])/;

/** Every CodeBuild project that runs Node must pin `runtime-versions: nodejs` to a supported major. */
export const codebuildNodeVersion: Rule = {
  id: 'codebuild-node-version',
  severity: 'error',
  title: `CodeBuild projects that run Node pin nodejs >= ${MINIMUM_NODE_MAJOR}`,
  awsBehaviour:
    'Without runtime-versions a CodeBuild image runs its default Node, which is older than the project needs and ' +
    'changes when a version reaches end of life; runtime-versions in the install phase selects the version.',
  docUrl: 'https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::CodeBuild::Project'))
      .flatMap((project): RuleFinding[] => {
        const where = { stack: project.stack, logicalId: project.logicalId, resource: project.resource };
        const buildSpec = readBuildSpec(project.resource.Properties.Source);
        if (buildSpec.kind !== 'inline') {
          const why = buildSpec.kind === 'file' ? `it reads '${buildSpec.name}' from the source` : buildSpec.reason;
          return [
            {
              ...where,
              severity: 'warning',
              message: `cannot check the Node version: ${why}; inline the BuildSpec (BuildSpec.fromObject) so preflight sees it`,
            },
          ];
        }
        if (!buildSpecCommands(buildSpec.spec).some((command) => RUNS_NODE.test(command))) return [];
        const pinned = pathOf(buildSpec.spec, 'phases', 'install', 'runtime-versions', 'nodejs');
        const major = nodeMajor(pinned);
        if (major !== undefined && major >= MINIMUM_NODE_MAJOR) return [];
        const found = pinned === undefined ? 'does not pin nodejs' : `pins nodejs '${String(pinned)}'`;
        return [
          {
            ...where,
            severity: 'error',
            message:
              `the BuildSpec runs Node but ${found}: set phases.install.runtime-versions.nodejs to ` +
              `${MINIMUM_NODE_MAJOR} or newer (what the AWS SDK for JavaScript v3 needs from January 2027)`,
          },
        ];
      }),
};

/** The major version of `22`, `"22"`, `"22.x"`, `"20.11"`; undefined for `latest` or anything else. */
export function nodeMajor(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.floor(value);
  const match = typeof value === 'string' ? /^(\d+)(\.(x|\d+))*$/.exec(value.trim()) : null;
  return match ? Number(match[1]) : undefined;
}
