import { toolManifest } from '../../model/tool-files';

/** The Node.js major version every CodeBuild project of the pipeline runs (standard:7.0 offers 18, 20, 22). */
export const NODE_MAJOR = 22;

/**
 * CLI versions the pipeline's own projects install. Self-mutation runs the same CDK CLI the tool depends on (so
 * it reads the cloud assembly the synth wrote), and asset publishing a fixed cdk-assets, so a new release on npm
 * never changes what deploys with the bootstrap roles' rights without a reviewed commit.
 */
export const TOOL_VERSIONS = {
  cdkCli: toolManifest().dependencies['aws-cdk'],
  cdkAssets: '4.7.3',
} as const;
