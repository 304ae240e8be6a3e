import type * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { BackupNames } from '../../../model/backups/backup-names';
import type { BackupSettings, PipelineConfig, ServiceConfig } from '../../../model/config';
import { bucketVariable } from '../../../model/config/storage-schema';
import { accessLogBucket } from '../../access-log-bucket';
import { EnvironmentBackupPlan } from '../data/backup-plan';
import { ScheduledJob } from '../jobs/scheduled-job';
import { ApplicationBucket } from './application-bucket';
import { FileStorage } from './file-storage';

/** One built service, as its storage and its jobs need it. */
export interface BuiltService {
  readonly config: ServiceConfig;
  readonly taskDefinition: ecs.TaskDefinition;
  /** Its task role and execution role. */
  readonly taskRoles: readonly iam.IRole[];
  readonly securityGroup: ec2.ISecurityGroup;
  /** Its task definition family (`serviceNames(...).taskFamily`). */
  readonly taskFamily: string;
}

export interface StorageAndJobsProps {
  readonly config: PipelineConfig;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly services: readonly BuiltService[];
  /** The environment's backup plan where the data tier made one; the file system joins it. @default - none made */
  readonly backupPlan?: backup.BackupPlan;
  /**
   * The environment's backup settings, for a plan of the file system's own when the data tier made none.
   * @default - no backup settings: EFS automatic backups
   */
  readonly backup?: { readonly names: BackupNames; readonly settings: BackupSettings };
  readonly alarmTopic: sns.ITopic;
}

/**
 * What the application keeps and runs besides its services: the file system of the services' volumes, the
 * application's buckets (granted to the services that use them, their names in <NAME>_BUCKET), and the scheduled
 * jobs. Each part exists only when the configuration asks for it.
 */
export class StorageAndJobs extends Construct {
  readonly fileStorage?: FileStorage;
  readonly buckets: Readonly<Record<string, ApplicationBucket>>;
  readonly jobs: Readonly<Record<string, ScheduledJob>>;

  constructor(scope: Construct, id: string, props: StorageAndJobsProps) {
    super(scope, id);
    const { config, services } = props;
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const appContainer = (service: BuiltService, name = service.config.containerName): ecs.ContainerDefinition => {
      const container = service.taskDefinition.findContainer(name);
      if (!container) throw new Error(`service '${service.config.name}' has no container '${name}'`);
      return container;
    };

    const mounting = services.filter((s) => (s.config.storage?.volumes.length ?? 0) > 0);
    if (mounting.length > 0) {
      this.fileStorage = new FileStorage(this, 'Files', {
        vpc: props.vpc,
        subnets: privateSubnets,
        backedUpByPlan: props.backupPlan !== undefined || props.backup !== undefined,
      });
      if (props.backupPlan) this.fileStorage.addToPlan(props.backupPlan);
      else if (props.backup) {
        new EnvironmentBackupPlan(this, 'Backup', {
          ...props.backup,
          resourceArns: [this.fileStorage.fileSystem.fileSystemArn],
        });
      }
      for (const service of mounting) {
        this.fileStorage.mount({
          serviceName: service.config.name,
          serviceUser: service.config.user,
          volumes: service.config.storage!.volumes,
          taskDefinition: service.taskDefinition,
          container: appContainer(service),
          securityGroup: service.securityGroup,
        });
      }
    }

    const buckets: Record<string, ApplicationBucket> = {};
    if ((config.buckets ?? []).length > 0) {
      const accessLogs = accessLogBucket(this, 'BucketAccessLogs', { retentionDays: 365, source: 'S3 server' });
      for (const bucket of config.buckets ?? []) {
        buckets[bucket.name] = new ApplicationBucket(this, `Bucket-${bucket.name}`, { bucket, accessLogs });
      }
    }
    for (const service of services) {
      for (const used of service.config.uses) {
        const bucket = buckets[used];
        if (!bucket) continue;
        const readOnly = config.buckets!.find((b) => b.name === used)!.readOnly.includes(service.config.name);
        bucket.grantTo(service.taskDefinition.taskRole, readOnly);
        appContainer(service).addEnvironment(bucketVariable(used), bucket.bucket.bucketName);
      }
    }
    this.buckets = buckets;

    const jobs: Record<string, ScheduledJob> = {};
    const subnetIds = props.vpc.selectSubnets(privateSubnets).subnetIds;
    for (const job of config.jobs ?? []) {
      const service = services.find((s) => s.config.name === job.service);
      if (!service) throw new Error(`job '${job.name}' names no built service '${job.service}'`);
      jobs[job.name] = new ScheduledJob(this, `Job-${job.name}`, {
        job,
        cluster: props.cluster,
        taskFamily: service.taskFamily,
        taskRoles: service.taskRoles,
        containerName: job.container ?? service.config.containerName,
        subnetIds,
        securityGroup: service.securityGroup,
        alarmTopic: props.alarmTopic,
      });
    }
    this.jobs = jobs;
  }
}
