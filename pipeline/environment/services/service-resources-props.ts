import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from '../../../model/config';
import type { ServiceNames } from '../../../model/naming';
import type { ServiceImage } from './service-task-definition';

/** What every kind of service gets from its environment. */
export interface ServiceResourcesProps {
  readonly application: string;
  readonly names: ServiceNames;
  readonly environment: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly image: ServiceImage;
  /** Addresses of the services this one uses, and the cache's. */
  readonly serviceEnvironment: Record<string, string>;
  /** The data tier's credentials the service uses, as ECS secrets. */
  readonly serviceSecrets: Record<string, ecs.Secret>;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}
