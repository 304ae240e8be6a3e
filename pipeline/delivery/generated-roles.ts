import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcards } from '../policy/acknowledge';
import type { ArtifactStore } from './artifact-store';

export interface GeneratedRolesProps {
  /** Built: the roles exist only after `buildPipeline()`. */
  readonly pipeline: pipelines.CodePipeline;
  readonly artifacts: ArtifactStore;
  /** The CodeBuild steps added to the pipeline besides synth (image, render, integration tests, …). */
  readonly steps: readonly pipelines.CodeBuildStep[];
}

/**
 * Accepts, role by role, the wildcards in the policies CDK Pipelines and aws-codebuild generate and
 * this code cannot reach: artifact access, each project's default log group and report groups,
 * self-mutation and asset publishing. Each role names exactly the wildcards it may keep.
 */
export function acknowledgeGeneratedRoles(props: GeneratedRolesProps): void {
  const { pipeline, artifacts } = props;
  const pipelineRole = pipeline.pipeline.role;
  artifacts.acknowledgeAccess(pipelineRole, { write: true });
  acknowledgeWildcards(pipelineRole, 'Grant shapes of aws-kms on the artifact key the pipeline role encrypts with.', [
    { action: 'kms:GenerateDataKey*' },
    { action: 'kms:ReEncrypt*' },
  ]);

  for (const step of props.steps) {
    acknowledgeProjectRole(step.project, artifacts, { write: step.primaryOutput !== undefined, encrypt: true });
  }
  acknowledgeProjectRole(pipeline.synthProject, artifacts, { write: true, encrypt: true });

  const selfMutation = pipeline.selfMutationProject;
  acknowledgeProjectRole(selfMutation, artifacts, { encrypt: true });
  acknowledgeWildcards(
    roleOf(selfMutation),
    'Self-mutation as CDK Pipelines defines it: cloudformation:DescribeStacks and s3:ListBucket on any stack and ' +
      'bucket of the account, and sts:AssumeRole on roles of this account only when tagged as CDK bootstrap roles.',
    [{ resource: '*' }, { resource: `arn:*:iam::${Stack.of(selfMutation).account}:role/*` }],
  );

  // CDK Pipelines keeps one role for every file-asset publishing project, under its "Assets" scope.
  const assets = pipeline.node.tryFindChild('Assets')?.node.tryFindChild('FileRole');
  if (assets) acknowledgeAssetRole(assets, artifacts);
}

function acknowledgeAssetRole(assets: IConstruct, artifacts: ArtifactStore): void {
  artifacts.acknowledgeAccess(assets);
  const stack = Stack.of(assets);
  acknowledgeWildcards(
    assets,
    'The shared asset-publishing role of CDK Pipelines: it serves projects created as assets appear, so it is ' +
      'granted their log groups, report groups and builds by prefix, not by name.',
    [
      { resource: '*' },
      {
        resource: stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '/aws/codebuild/*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
      { resource: stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: '*' }) },
    ],
  );
}

/** A CodeBuild project's role: its artifact access and the default log group and report groups aws-codebuild grants every project. */
function acknowledgeProjectRole(
  project: codebuild.IProject,
  artifacts: ArtifactStore,
  access: Parameters<ArtifactStore['acknowledgeAccess']>[1],
): void {
  const role = roleOf(project);
  artifacts.acknowledgeAccess(role, access);
  const stack = Stack.of(project);
  const defaultLogGroup = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `/aws/codebuild/${project.projectName}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const ownReportGroups = stack.formatArn({
    service: 'codebuild',
    resource: 'report-group',
    resourceName: `${project.projectName}-*`,
  });
  acknowledgeWildcards(
    role,
    'aws-codebuild grants every project the streams of its default log group (/aws/codebuild/<project>:*) and the ' +
      'report groups named after it (<project>-*); the builds log to the pipeline build log group instead.',
    [{ resource: `${defaultLogGroup}:*` }, { resource: ownReportGroups }],
  );
}

function roleOf(project: codebuild.IProject): IConstruct {
  if (!project.role) throw new Error(`CodeBuild project ${project.node.path} has no role`);
  return project.role;
}
