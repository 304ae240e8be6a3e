import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';

/**
 * `<prefix>:UseConnection` on the source connection, with the prefix its ARN has: AWS requires the action's service
 * prefix to match the resource's, and CDK grants only `codestar-connections:UseConnection`, which does not cover a
 * connection created as `arn:aws:codeconnections:…` (every connection the console has made since July 2024).
 */
export function allowConnectionUse(role: iam.IRole, connectionArn: string): void {
  // arn:<partition>:<service>:<region>:<account>:connection/<id>; validated by the configuration schema.
  const prefix = connectionArn.split(':')[2];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [`${prefix}:UseConnection`], resources: [connectionArn] }),
  );
}

/**
 * CDK Pipelines grants its shared asset-publishing role codebuild:StartBuild/StopBuild on every project of the
 * account, for pipelines whose actions run as that role. Here the pipeline role runs every action
 * (`usePipelineRoleForActions`), so the asset role only serves its own builds and is denied starting any.
 */
export function denyAssetRoleBuilds(pipeline: pipelines.CodePipeline): void {
  const assetRole = pipeline.node.tryFindChild('Assets')?.node.tryFindChild('FileRole');
  if (!(assetRole instanceof iam.Role)) return;
  assetRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['codebuild:StartBuild', 'codebuild:StopBuild', 'codebuild:BatchGetBuilds'],
      resources: ['*'],
    }),
  );
}

/**
 * The connection may serve only the configured repository: a role that may use it could otherwise read any
 * repository the connection's app installation reaches. CodeConnections sets `<prefix>:FullRepositoryId`
 * (owner/name) on UseConnection; each prefix is denied for any other repository. The deny applies only where
 * the key is present (`Null: false`), so a call that does not carry it is governed by the allow alone.
 */
export function restrictConnectionToRepository(role: iam.IRole, connectionArn: string, repository: string): void {
  for (const prefix of ['codestar-connections', 'codeconnections']) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [`${prefix}:UseConnection`],
        resources: [connectionArn],
        conditions: {
          StringNotEquals: { [`${prefix}:FullRepositoryId`]: repository },
          Null: { [`${prefix}:FullRepositoryId`]: 'false' },
        },
      }),
    );
  }
}
