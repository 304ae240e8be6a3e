import { Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { loadBuildSpec } from '../delivery/buildspec-file';
import { NODE_MAJOR } from '../delivery/tool-versions';
import { RELEASE_LOCKFILE } from '../../model/tool-files';

/** The directory the pinned tool is installed into, outside the candidate. */
export const PINNED_TOOL_DIR = '/tmp/bluegreen-tool';

/** The tool a release project runs: its npm spec and, when the application's lockfile records it, its integrity. */
export interface PinnedTool {
  /** `<package>@<version>`. */
  readonly spec: string;
  /** `sha512-<base64>` of the package's tarball. @default - not checked */
  readonly integrity?: string;
  /**
   * The tool's tarball, when the application's lockfile installs it from a file of the repository (a vendored
   * tarball, which no registry serves): published with the release stack and fetched from there.
   * @default - fetched from the registry by `spec`
   */
  readonly tarball?: string;
}

/** Where the tool's tarball is fetched to and checked before it is installed. */
const PACK_DIR = '/tmp/bluegreen-pack';

/**
 * The commands that install the tool at exactly `tool.spec` into a directory of its own and put its binaries
 * (bluegreen, and the aws-cdk CLI it depends on) first on the PATH. The tarball is fetched (from `tarballUrl`, the
 * release stack's copy of a vendored tarball, or else from the registry) and, with an integrity, installed only if
 * it is the one the application's lockfile recorded when the platform team synthesized this stack. Its dependencies
 * come from the lockfile the package ships (`npm ci`: every package at its locked version and integrity, production
 * ones only). Nothing of the candidate is installed or run: no lockfile, no install script, no package.json or
 * .npmrc of the candidate is read.
 */
export function pinnedToolInstall(tool: PinnedTool, tarballUrl?: string): string[] {
  const fetch =
    tarballUrl === undefined
      ? [
          // From a directory of its own: the candidate's .npmrc must not choose the registry.
          `(cd ${PACK_DIR} && npm pack --json ${tool.spec} > pack.json)`,
          `tarball="${PACK_DIR}/$(node -p "require('${PACK_DIR}/pack.json')[0].filename")"`,
        ]
      : [`tarball="${PACK_DIR}/tool.tgz"`, `aws s3 cp --only-show-errors "${tarballUrl}" "$tarball"`];
  const check =
    tool.integrity === undefined
      ? []
      : [
          `if [ "sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)" != '${tool.integrity}' ]; then echo "${tool.spec} is not the tarball the release stack pinned (${tool.integrity}): not installing it" >&2; exit 1; fi`,
        ];
  return [
    [
      `mkdir -p ${PINNED_TOOL_DIR} ${PACK_DIR}`,
      ...fetch,
      ...check,
      `tar -xzf "$tarball" -C ${PINNED_TOOL_DIR} --strip-components 1`,
      // npm links the bins of dependencies only; the tool's own is linked from its package.json.
      `(cd ${PINNED_TOOL_DIR} && cp ${RELEASE_LOCKFILE} package-lock.json && ` +
        'npm ci --omit=dev --ignore-scripts --no-audit --no-fund && ' +
        `bin="$(node -p "require('./package.json').bin.bluegreen")" && chmod +x "$bin" && mkdir -p node_modules/.bin && ` +
        `ln -sf "${PINNED_TOOL_DIR}/$bin" node_modules/.bin/bluegreen)`,
    ].join(' && '),
    `export PATH="${PINNED_TOOL_DIR}/node_modules/.bin:$PATH"`,
  ];
}

/** The release stack's one copy of the tool's vendored tarball, in its bootstrap bucket. */
function toolTarballAsset(scope: Construct, tarball: string): s3assets.Asset {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('ToolTarball');
  return existing instanceof s3assets.Asset ? existing : new s3assets.Asset(stack, 'ToolTarball', { path: tarball });
}

export interface ReleaseProjectProps {
  /** File name under `buildspecs/release/`. */
  readonly buildSpec: string;
  /** The tool the project runs. */
  readonly tool: PinnedTool;
  readonly role: iam.IRole;
  /** The artifact key: the project's build output and cache are encrypted with it. */
  readonly encryptionKey: kms.IKey;
  readonly logging: codebuild.LoggingOptions;
  /** Variables fixed at synth time. @default - none */
  readonly environmentVariables?: Record<string, string>;
  /** @default 60 minutes */
  readonly timeout?: Duration;
  /** Shell variables the build exports as CodePipeline variables, besides the buildspec's own. @default - none */
  readonly exportedVariables?: readonly string[];
  /** The directory whose files are the action's output artifact. @default - no output */
  readonly outputDirectory?: string;
}

/** A CodeBuild project of the release pipeline: one buildspec of `buildspecs/release/`, run by the pinned tool. */
export class ReleaseProject extends Construct {
  readonly project: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: ReleaseProjectProps) {
    super(scope, id);
    const spec = loadBuildSpec(`release/${props.buildSpec}`);
    const tarball = props.tool.tarball === undefined ? undefined : toolTarballAsset(this, props.tool.tarball);
    // That one object: the role reads nothing else of the release account's bootstrap bucket.
    if (tarball) {
      props.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [tarball.bucket.arnForObjects(tarball.s3ObjectKey)],
        }),
      );
    }
    this.project = new codebuild.PipelineProject(this, 'Project', {
      role: props.role,
      encryptionKey: props.encryptionKey,
      logging: props.logging,
      timeout: props.timeout ?? Duration.minutes(60),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        environmentVariables: Object.fromEntries(
          Object.entries(props.environmentVariables ?? {}).map(([name, value]) => [name, { value }]),
        ),
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        ...spec.rest,
        ...exportedVariables(spec.rest, props.exportedVariables ?? []),
        version: '0.2',
        phases: {
          install: {
            'runtime-versions': { nodejs: NODE_MAJOR },
            ...(spec.installCommands.length > 0 ? { commands: spec.installCommands } : {}),
          },
          // In the build phase itself, so the PATH it exports holds for the commands after it.
          build: { commands: [...pinnedToolInstall(props.tool, tarball?.s3ObjectUrl), ...spec.commands] },
        },
        ...(props.outputDirectory ? { artifacts: { 'base-directory': props.outputDirectory, files: ['**/*'] } } : {}),
      }),
    });
  }
}

function exportedVariables(rest: Record<string, unknown>, extra: readonly string[]): Record<string, unknown> {
  if (extra.length === 0) return {};
  const env = (rest.env ?? {}) as Record<string, unknown>;
  const own = (env['exported-variables'] ?? []) as string[];
  return { env: { ...env, 'exported-variables': [...own, ...extra] } };
}
