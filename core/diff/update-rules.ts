/**
 * What CloudFormation does with a property change, for the resources `bluegreen diff` marks. Each list is the
 * resource type's `createOnlyProperties` in its CloudFormation registry schema (what the CloudFormation docs show as
 * "Update requires: Replacement"), as of the schemas cfn-lint 1.51 ships, for us-east-1.
 */

/** Resources that hold data: replacing one creates a new, empty resource (and deletes the old one, unless retained). */
export const STATEFUL_REPLACEMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBInstance': [
    'BackupTarget',
    'CharacterSetName',
    'CustomIAMInstanceProfile',
    'DBClusterIdentifier',
    'DBInstanceIdentifier',
    'DBName',
    'DBSubnetGroupName',
    'DBSystemId',
    'KmsKeyId',
    'MasterUsername',
    'NcharCharacterSetName',
    'SourceRegion',
    'StorageEncrypted',
    'Timezone',
  ],
  'AWS::RDS::DBCluster': [
    'AvailabilityZones',
    'ClusterScalabilityType',
    'DBClusterIdentifier',
    'DBSubnetGroupName',
    'DBSystemId',
    'DatabaseName',
    'EngineMode',
    'KmsKeyId',
    'PubliclyAccessible',
    'RestoreToTime',
    'RestoreType',
    'SnapshotIdentifier',
    'SourceDBClusterIdentifier',
    'SourceDbClusterResourceId',
    'SourceRegion',
    'StorageEncrypted',
    'UseLatestRestorableTime',
  ],
  'AWS::DocDB::DBCluster': [
    'AvailabilityZones',
    'DBClusterIdentifier',
    'DBSubnetGroupName',
    'KmsKeyId',
    'MasterUsername',
    'SnapshotIdentifier',
    'SourceDBClusterIdentifier',
    'StorageEncrypted',
  ],
  'AWS::Neptune::DBCluster': [
    'AvailabilityZones',
    'DBClusterIdentifier',
    'DBSubnetGroupName',
    'KmsKeyId',
    'RestoreToTime',
    'RestoreType',
    'SnapshotIdentifier',
    'SourceDBClusterIdentifier',
    'StorageEncrypted',
    'UseLatestRestorableTime',
  ],
  'AWS::S3::Bucket': ['BucketName', 'BucketNamePrefix', 'BucketNamespace'],
  'AWS::EFS::FileSystem': ['AvailabilityZoneName', 'Encrypted', 'KmsKeyId', 'PerformanceMode'],
  'AWS::DynamoDB::Table': ['ImportSourceSpecification', 'TableName'],
  'AWS::DynamoDB::GlobalTable': ['TableName'],
  'AWS::ElastiCache::ReplicationGroup': [
    'AtRestEncryptionEnabled',
    'CacheSubnetGroupName',
    'DataTieringEnabled',
    'GlobalReplicationGroupId',
    'KmsKeyId',
    'NetworkType',
    'Port',
    'PreferredCacheClusterAZs',
    'ReplicasPerNodeGroup',
    'ReplicationGroupId',
    'SnapshotArns',
    'SnapshotName',
  ],
  'AWS::ElastiCache::CacheCluster': [
    'CacheSubnetGroupName',
    'ClusterName',
    'Engine',
    'NetworkType',
    'Port',
    'SnapshotArns',
    'SnapshotName',
  ],
  'AWS::ElastiCache::ServerlessCache': ['KmsKeyId', 'ServerlessCacheName', 'SnapshotArnsToRestore', 'SubnetIds'],
  'AWS::OpenSearchService::Domain': ['DomainName'],
  'AWS::SQS::Queue': ['FifoQueue', 'QueueName'],
  'AWS::Kinesis::Stream': ['Name'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::Backup::BackupVault': ['BackupVaultName', 'EncryptionKeyArn'],
  'AWS::ECR::Repository': ['EncryptionConfiguration', 'RepositoryName'],
  // No property replaces a key, but deleting one makes everything encrypted with it unreadable.
  'AWS::KMS::Key': [],
};

/** `createOnlyProperties` of AWS::ECS::Service: changing one replaces the service. */
export const ECS_SERVICE_REPLACEMENT_PROPERTIES: readonly string[] = [
  'Cluster',
  'Role',
  'SchedulingStrategy',
  'ServiceName',
];

/**
 * What UpdateService may change on a service with a CODE_DEPLOY deployment controller ("only the desired count,
 * deployment configuration, health check grace period, task placement constraints and strategies, enable ECS
 * managed tags option, and propagate tags"; ECS API reference, UpdateService), and its tags (TagResource).
 * CloudFormation refuses an update of any other property of such a service: load balancers, network
 * configuration, platform version, task definition, service registries, capacity providers, ECS Exec, ...
 */
export const CODE_DEPLOY_SERVICE_UPDATABLE: ReadonlySet<string> = new Set([
  'DesiredCount',
  'DeploymentConfiguration',
  'HealthCheckGracePeriodSeconds',
  'PlacementConstraints',
  'PlacementStrategies',
  'EnableECSManagedTags',
  'PropagateTags',
  'Tags',
]);

/** Deletion policies that keep the resource (or a snapshot of its data) when the stack removes it. */
export const KEEPING_DELETION_POLICIES: ReadonlySet<string> = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);
