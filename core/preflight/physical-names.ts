import type { AssemblyStack, TemplateResource } from './assembly-model';
import { textOf } from './template-values';

/**
 * Physical names a template fixes: the property that names a resource of each type, and how far the name must
 * be unique. IAM names are unique within the account, whatever the region
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html); S3 bucket names across all accounts
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); the rest within an account and
 * region.
 */

/** How far a name must be unique. */
export type NameScope = 'global' | 'account' | 'region';

interface NamedType {
  readonly property: string;
  readonly scope: NameScope;
}

export const NAMED_TYPES: Readonly<Record<string, NamedType>> = {
  'AWS::IAM::Role': { property: 'RoleName', scope: 'account' },
  'AWS::IAM::ManagedPolicy': { property: 'ManagedPolicyName', scope: 'account' },
  'AWS::IAM::InstanceProfile': { property: 'InstanceProfileName', scope: 'account' },
  'AWS::IAM::User': { property: 'UserName', scope: 'account' },
  'AWS::IAM::Group': { property: 'GroupName', scope: 'account' },
  'AWS::S3::Bucket': { property: 'BucketName', scope: 'global' },
  'AWS::ECR::Repository': { property: 'RepositoryName', scope: 'region' },
  'AWS::Backup::BackupVault': { property: 'BackupVaultName', scope: 'region' },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', scope: 'region' },
  'AWS::KMS::Alias': { property: 'AliasName', scope: 'region' },
  'AWS::SecretsManager::Secret': { property: 'Name', scope: 'region' },
  'AWS::SSM::Parameter': { property: 'Name', scope: 'region' },
  'AWS::SNS::Topic': { property: 'TopicName', scope: 'region' },
  'AWS::SQS::Queue': { property: 'QueueName', scope: 'region' },
  'AWS::DynamoDB::Table': { property: 'TableName', scope: 'region' },
  'AWS::Lambda::Function': { property: 'FunctionName', scope: 'region' },
  'AWS::ECS::Cluster': { property: 'ClusterName', scope: 'region' },
  'AWS::CodeDeploy::Application': { property: 'ApplicationName', scope: 'region' },
  'AWS::CodeDeploy::DeploymentConfig': { property: 'DeploymentConfigName', scope: 'region' },
  'AWS::CodeBuild::Project': { property: 'Name', scope: 'region' },
  'AWS::CodePipeline::Pipeline': { property: 'Name', scope: 'region' },
  'AWS::RDS::DBInstance': { property: 'DBInstanceIdentifier', scope: 'region' },
  'AWS::RDS::DBCluster': { property: 'DBClusterIdentifier', scope: 'region' },
  'AWS::ElastiCache::ReplicationGroup': { property: 'ReplicationGroupId', scope: 'region' },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', scope: 'region' },
  'AWS::Events::Rule': { property: 'Name', scope: 'region' },
};

/** A fixed physical name: the property that holds it and the name, pseudo parameters filled in where known. */
export interface FixedName {
  readonly property: string;
  readonly scope: NameScope;
  readonly name: string;
}

/**
 * The resource's physical name when the template fixes it: a literal, or one built only from literals and
 * pseudo parameters (`AWS::Region`, `AWS::AccountId`…), which stays the same on every create. A name that refers
 * to another resource, or no name at all (CloudFormation generates one), is undefined.
 */
export function fixedName(stack: AssemblyStack, resource: TemplateResource): FixedName | undefined {
  const named = NAMED_TYPES[resource.Type];
  if (named === undefined) return undefined;
  const value = resource.Properties[named.property];
  if (value === undefined) return undefined;
  const known: Record<string, string | undefined> = {
    'AWS::Region': stack.environment.region,
    'AWS::AccountId': stack.environment.account,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack.stackName,
  };
  let fixed = true;
  const name = textOf(value).replace(/\$\{([^}]*)\}/g, (token, inner: string) => {
    if (!inner.startsWith('AWS::')) fixed = false;
    return known[inner] ?? token;
  });
  return fixed ? { property: named.property, scope: named.scope, name } : undefined;
}
