import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { Construct } from 'constructs';
import { type ArtifactStore } from '../delivery/artifact-store';
import { acknowledgeWildcards } from '../policy/acknowledge';

/**
 * Accepts, role by role, the wildcards aws-codepipeline and aws-codebuild put into the release pipeline's roles:
 * CDK's grant shapes on the artifact bucket and key, and each project's default log group and report groups.
 */
export function acknowledgeReleaseRoles(
  scope: Construct,
  pipeline: codepipeline.Pipeline,
  artifacts: ArtifactStore,
): void {
  artifacts.acknowledgeAccess(pipeline.role, { write: true, encrypt: true });
  acknowledgeWildcards(
    pipeline.role,
    'Grant shape of aws-kms on the notification topic key the pipeline role publishes approval requests under.',
    [{ action: 'kms:GenerateDataKey*' }],
  );
  const stack = Stack.of(scope);
  for (const project of scope.node
    .findAll()
    .filter((c): c is codebuild.PipelineProject => c instanceof codebuild.PipelineProject)) {
    if (!project.role) continue;
    const hasOutput = JSON.stringify(
      stack.resolve((project.node.defaultChild as codebuild.CfnProject).source),
    ).includes('base-directory');
    artifacts.acknowledgeAccess(project.role, { write: hasOutput, encrypt: true });
    const logGroup = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `/aws/codebuild/${project.projectName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    acknowledgeWildcards(
      project.role,
      'aws-codebuild grants every project the streams of its default log group (/aws/codebuild/<project>:*) and the ' +
        'report groups named after it (<project>-*); the builds log to the release build log group instead.',
      [
        { resource: `${logGroup}:*` },
        {
          resource: stack.formatArn({
            service: 'codebuild',
            resource: 'report-group',
            resourceName: `${project.projectName}-*`,
          }),
        },
      ],
    );
  }
}
