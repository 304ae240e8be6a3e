import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { volumeOwner, type VolumeConfig } from '../../../model/config/storage-schema';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';

export interface FileStorageProps {
  readonly vpc: ec2.IVpc;
  /** The subnets the services run in: a mount target in each of their availability zones. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Whether the environment's AWS Backup plan backs the file system up (see {@link FileStorage.addToPlan}), with
   * its schedule, retention and copy.
   * @default false - EFS automatic backups (AWS Backup's default plan for EFS, kept 35 days)
   */
  readonly backedUpByPlan?: boolean;
}

/** What a service's task needs to mount its volumes. */
export interface VolumeMount {
  readonly serviceName: string;
  /** The service's `user` (uid or uid:gid), the default owner of its volumes. */
  readonly serviceUser: string;
  readonly volumes: readonly VolumeConfig[];
  readonly taskDefinition: ecs.TaskDefinition;
  /** The container that sees the volumes: the app container. */
  readonly container: ecs.ContainerDefinition;
  readonly securityGroup: ec2.ISecurityGroup;
}

/**
 * The environment's file system for files that outlive a task (uploads). Encrypted at rest, reachable only over
 * TLS (the file system policy denies any other access), NFS open only to the services that mount it, a mount
 * target in every private subnet. Each service's volume is an access point with its own POSIX user and root
 * directory `/<volume>`, mounted with transit encryption and IAM authorization: the task role may mount (and,
 * unless read-only, write) through that access point only.
 *
 * ECS requires Fargate platform 1.4.0 or later for EFS volumes (the services pin 1.4.0), and transit encryption
 * whenever IAM authorization or an access point is used
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html).
 */
export class FileStorage extends Construct {
  readonly fileSystem: efs.FileSystem;
  private readonly accessPoints = new Map<string, efs.AccessPoint>();

  constructor(scope: Construct, id: string, props: FileStorageProps) {
    super(scope, id);
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      encrypted: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      enableAutomaticBackups: !props.backedUpByPlan,
      // The application's files: deleting the stack must not delete them.
      removalPolicy: RemovalPolicy.RETAIN,
      // Without it CDK adds an Allow of root access and writes to anyone who can mount: a read-only volume would then
      // be read-only only by its mount point. Anonymous clients are still refused: this policy allows nothing.
      allowAnonymousAccess: true,
      fileSystemPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'DenyWithoutTls',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['*'],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      }),
    });
    if (props.backedUpByPlan) {
      acknowledgeGuardRule(
        this.fileSystem,
        'efs_automatic_backups_enabled_check',
        "Backed up by the environment's AWS Backup plan (a selection names it), with the plan's schedule, " +
          'retention and DR copy, instead of the separate EFS automatic backup plan.',
      );
    }
  }

  /** Adds the file system to a backup plan that already protects other resources (the database). */
  addToPlan(plan: backup.BackupPlan): void {
    const selection = plan.addSelection('Files', {
      resources: [backup.BackupResource.fromEfsFileSystem(this.fileSystem)],
    });
    acknowledgeNagRule(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The role AWS Backup assumes to back up the file system; AWSBackupServiceRolePolicyForBackup is the ' +
        'AWS-maintained policy for exactly that.',
    );
  }

  /** Mounts each volume into the container through an access point of its own, and lets the service's tasks in. */
  mount(mount: VolumeMount): void {
    const taskRole = mount.taskDefinition.taskRole;
    for (const volume of mount.volumes) {
      const accessPoint = this.accessPointFor(mount.serviceName, volume, mount.serviceUser);
      const name = `efs-${volume.name}`;
      mount.taskDefinition.addVolume({
        name,
        efsVolumeConfiguration: {
          fileSystemId: this.fileSystem.fileSystemId,
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
        },
      });
      mount.container.addMountPoints({ sourceVolume: name, containerPath: volume.path, readOnly: volume.readOnly });
      taskRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: volume.readOnly
            ? ['elasticfilesystem:ClientMount']
            : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          resources: [this.fileSystem.fileSystemArn],
          conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn } },
        }),
      );
    }
    this.fileSystem.connections.allowDefaultPortFrom(mount.securityGroup, `NFS from ${mount.serviceName} tasks`);
  }

  private accessPointFor(service: string, volume: VolumeConfig, serviceUser: string): efs.AccessPoint {
    const key = `${service}-${volume.name}`;
    let accessPoint = this.accessPoints.get(key);
    if (!accessPoint) {
      const { uid, gid } = volumeOwner(volume, serviceUser);
      accessPoint = new efs.AccessPoint(this, `AccessPoint-${key}`, {
        fileSystem: this.fileSystem,
        path: `/${volume.name}`,
        createAcl: { ownerUid: String(uid), ownerGid: String(gid), permissions: volume.permissions },
        posixUser: { uid: String(uid), gid: String(gid) },
      });
      this.accessPoints.set(key, accessPoint);
    }
    return accessPoint;
  }
}
