import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { loadBuildSpec } from '../delivery/buildspec-file';
import { BuildLogs } from '../delivery/build-logs';

/** The Resynthesize action's output artifact; short enough that CodePipeline's object keys hold it whole. */
export const RESYNTHESIZED_ARTIFACT = 'Resynth';

export interface ResynthesisProjectProps {
  /** The release pipeline's artifact bucket and key. */
  readonly artifactBucket: s3.IBucket;
  readonly artifactKey: kms.IKey;
}

/**
 * The build that synthesizes the commit a candidate names (buildspecs/resynthesize.yml). It runs that commit's
 * code before anyone approved it, so it holds nothing of the release: a role of its own that may write only this
 * action's output artifacts (CodePipeline keys an artifact `<pipeline>/<artifact>/<id>`), never another
 * action's (a rendered task definition, say), its own log group, and no connection, secret or role of any other
 * account. What it writes is only ever compared, never deployed.
 */
export class ResynthesisProject extends Construct {
  readonly project: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: ResynthesisProjectProps) {
    super(scope, id);
    const spec = loadBuildSpec('resynthesize.yml');
    // The install phase's Node pin, as the buildspec names it (its test holds it to the delivery pipeline's).
    const install = (spec.rest.phases as { install?: object } | undefined)?.install;
    const logs = new BuildLogs(this, 'Logs');
    this.project = new codebuild.PipelineProject(this, 'Project', {
      encryptionKey: props.artifactKey,
      logging: logs.loggingOptions,
      timeout: Duration.minutes(30),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
      buildSpec: codebuild.BuildSpec.fromObject({
        ...spec.rest,
        version: '0.2',
        phases: { install: { ...install, commands: spec.installCommands }, build: { commands: spec.commands } },
        artifacts: { 'base-directory': '.', files: ['cdk.out/**/*'] },
      }),
    });
    // CodePipeline grants a CodeBuild action with an output read and write on the whole artifact bucket; credentials
    // taken from this build must not rewrite what a later action of any run reads.
    this.project.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['s3:PutObject*', 's3:DeleteObject*', 's3:AbortMultipartUpload', 's3:RestoreObject'],
        notResources: [props.artifactBucket.arnForObjects(`*/${RESYNTHESIZED_ARTIFACT}/*`)],
      }),
    );
  }
}
