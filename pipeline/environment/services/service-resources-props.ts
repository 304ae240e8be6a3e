import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, ServiceConfig } from '../../../model/config';
import type { ServiceNames } from '../../../model/naming';
import { ServiceTaskDefinition, type ServiceImage } from './service-task-definition';

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

/** The task definition (`Task` in `scope`) of `service`, of any kind, from what its environment gives every service. */
export function serviceTaskDefinition(
  scope: Construct,
  props: ServiceResourcesProps,
  service: ServiceConfig,
): ServiceTaskDefinition {
  return new ServiceTaskDefinition(scope, 'Task', {
    names: props.names,
    application: props.application,
    service,
    environmentConfig: props.environment,
    image: props.image,
    environment: props.serviceEnvironment,
    secrets: props.serviceSecrets,
    logKey: props.logKey,
    logRetention: props.logRetention,
  });
}
