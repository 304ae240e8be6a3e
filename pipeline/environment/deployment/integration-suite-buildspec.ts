import * as codebuild from 'aws-cdk-lib/aws-codebuild';

/** The Node.js CodeBuild installs for the suite, pinned: its default moves when a version reaches end of life. */
export const SUITE_NODE_VERSION = 22;

/** The buildspec of the integration suite, as data: Node pinned, then the suite's command (TARGET_URL is set). */
export function integrationSuiteBuildSpecObject(command: string): Record<string, unknown> {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: { 'runtime-versions': { nodejs: SUITE_NODE_VERSION } },
      build: { commands: [command] },
    },
  };
}

export function integrationSuiteBuildSpec(command: string): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject(integrationSuiteBuildSpecObject(command));
}
