import type { Violation } from './violation';

/**
 * Every resource type the tool writes into an environment's stacks, whatever the configuration asks for
 * (test/core/guardrails/resource-types.test.ts holds every example's and fixture's environment stacks to it). A
 * protected template holds only these and those the platform team admits (`protectedEnvironments.allowResourceTypes`):
 * Verify reads the policies and properties of these types, and a type it does not know could grant, share or fetch
 * in ways no check reads (a DynamoDB or Kinesis resource policy, a RAM share, a VPC peering, an S3 ACL).
 */
export const TOOL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::Backup::BackupPlan',
  'AWS::Backup::BackupSelection',
  'AWS::Backup::BackupVault',
  'AWS::CDK::Metadata',
  'AWS::CertificateManager::Certificate',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::Function',
  'AWS::CloudFront::OriginAccessControl',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::CodeBuild::Project',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentConfig',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::CodeStarNotifications::NotificationRule',
  'AWS::EC2::EIP',
  'AWS::EC2::FlowLog',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::EFS::AccessPoint',
  'AWS::EFS::FileSystem',
  'AWS::EFS::MountTarget',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElastiCache::User',
  'AWS::ElastiCache::UserGroup',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::Events::Rule',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBSubnetGroup',
  'AWS::RDS::OptionGroup',
  'AWS::Route53::HostedZone',
  'AWS::Route53::RecordSet',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::Scheduler::Schedule',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::Secret',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::StepFunctions::StateMachine',
  'Custom::CrossAccountZoneDelegation',
  'Custom::DatabaseUsers',
  'Custom::VpcRestrictDefaultSG',
]);

/** Every resource of a protected stack whose type is neither the tool's nor one the guardrails admit. */
export function unknownResourceTypes(
  resources: Readonly<Record<string, { readonly Type?: unknown }>>,
  stack: string,
  admitted: readonly string[],
): Violation[] {
  return Object.entries(resources)
    .filter(
      ([, resource]) => !TOOL_RESOURCE_TYPES.has(String(resource.Type)) && !admitted.includes(String(resource.Type)),
    )
    .map(([id, resource]) => ({
      path: `${stack}/${id}`,
      found: `a resource of type ${String(resource.Type)}`,
      required:
        "a type the tool writes, or one the platform team admits in protectedEnvironments.allowResourceTypes (its policies and properties are then the platform team's to review)",
    }));
}
