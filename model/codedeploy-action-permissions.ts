/**
 * What CodePipeline's CodeDeploy ECS action does with its role in the environment's account, by what each group acts
 * on: read the application and register the revision, start and follow the deployment, read its configuration,
 * register the rendered task definition (with its tags), pass the task roles, and read the pipeline's artifacts and
 * their keys. The environment stack grants each group on its own resources (pipeline-access-roles.ts), and preflight
 * refuses anything else in that role's policy (deploy-path-reach.ts).
 */
export const CODEDEPLOY_ACTION_PERMISSIONS = {
  application: [
    'codedeploy:GetApplication',
    'codedeploy:GetApplicationRevision',
    'codedeploy:RegisterApplicationRevision',
  ],
  deploymentGroups: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
  deploymentConfig: ['codedeploy:GetDeploymentConfig'],
  taskDefinitions: ['ecs:RegisterTaskDefinition'],
  taskDefinitionTags: ['ecs:TagResource'],
  taskRoles: ['iam:PassRole'],
  artifacts: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
  artifactKeys: ['kms:Decrypt', 'kms:DescribeKey'],
} as const;
