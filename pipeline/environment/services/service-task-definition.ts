import { Arn, ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentConfig, ServiceConfig, SidecarConfig } from '../../../model/config';
import { ENVIRONMENT_NAME_VARIABLE, serviceValuesFor } from '../../../model/config/service-values';
import type { ServiceNames } from '../../../model/naming';
import { acknowledgeNagRule, acknowledgeWildcards } from '../../policy/acknowledge';
import { containerSecrets } from './container-secrets';
import { grantConfiguredPermissions } from './task-role-permissions';

/** The container image a service runs: its repository in the pipeline account and the commit's tag. */
export interface ServiceImage {
  readonly repositoryArn: string;
  readonly repositoryName: string;
  readonly tag: string;
  /** Alias of the repository's KMS key; task execution roles need to decrypt with it to pull. */
  readonly keyAlias: string;
}

export interface ServiceTaskDefinitionProps {
  readonly names: ServiceNames;
  readonly application: string;
  readonly service: ServiceConfig;
  /** The environment the task runs in: its name reaches every container, its overrides of the service's values apply. */
  readonly environmentConfig: EnvironmentConfig;
  readonly image: ServiceImage;
  /** Plain variables from the environment (other services' addresses, the cache's), besides the service's own. @default - the service's own only */
  readonly environment?: Record<string, string>;
  /** Secrets from the environment (the database's credentials), besides the service's own. @default - the service's own only */
  readonly secrets?: Record<string, ecs.Secret>;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A service's task definition: named task and execution roles (so the pipeline's CodeDeploy action and the image
 * repository can name exactly them), the app container on the commit's image, the sidecars, one log group.
 */
export class ServiceTaskDefinition extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The task role and the execution role, which whoever registers or runs the task definition passes. */
  readonly taskRoles: iam.IRole[];
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceTaskDefinitionProps) {
    super(scope, id);
    const { names, service } = props;
    const taskRoleTrust = ecsTasksPrincipal(this);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: names.taskFamily,
      taskRole: new iam.Role(this, 'TaskRole', { roleName: names.taskRole, assumedBy: taskRoleTrust }),
      executionRole: new iam.Role(this, 'ExecutionRole', {
        roleName: names.taskExecutionRole,
        assumedBy: taskRoleTrust,
      }),
      cpu: service.cpu,
      memoryLimitMiB: service.memory,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });
    const executionRole = this.taskDefinition.obtainExecutionRole();
    this.taskRoles = [this.taskDefinition.taskRole, executionRole];
    grantConfiguredPermissions(this.taskDefinition.taskRole, service.permissions);
    const values = serviceValuesFor(props.environmentConfig, service);
    const environmentName = { [ENVIRONMENT_NAME_VARIABLE]: props.environmentConfig.name };
    const decrypt = pullDecryptStatement(props.image);
    executionRole.addToPrincipalPolicy(decrypt);
    acknowledgeWildcards(
      executionRole,
      'Pulling the image: ecr:GetAuthorizationToken supports no resource-level permissions, and the image key ' +
        'in the pipeline account is known here only by its alias, which the kms:ResourceAliases condition pins.',
      [{ resource: '*' }, ...decrypt.resources.map((resource) => ({ resource }))],
    );
    acknowledgeNagRule(
      this.taskDefinition,
      'AwsSolutions-ECS2',
      'The environment holds plain, non-secret settings by contract; secrets come from Secrets Manager or SSM ' +
        'through the secrets field.',
    );
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const repository = ecr.Repository.fromRepositoryAttributes(this, 'Repository', {
      repositoryArn: props.image.repositoryArn,
      repositoryName: props.image.repositoryName,
    });
    const sidecarMemory = service.sidecars.reduce((sum, sidecar) => sum + (sidecar.memory ?? 0), 0);
    const app = this.taskDefinition.addContainer('App', {
      containerName: service.containerName,
      image: ecs.ContainerImage.fromEcrRepository(repository, props.image.tag),
      portMappings: service.kind === 'web' ? [{ containerPort: service.port, protocol: ecs.Protocol.TCP }] : [],
      // The sample service's /version answers with these; the lifecycle hook can assert on them.
      environment: {
        SERVICE_NAME: props.application,
        APP_VERSION: props.image.tag,
        ...props.environment,
        ...values.environment,
        ...environmentName,
      },
      secrets: { ...props.secrets, ...containerSecrets(this, values.secrets, executionRole) },
      command: service.command,
      entryPoint: service.entryPoint,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: service.containerName }),
      user: service.user,
      readonlyRootFilesystem: service.readonlyRootFilesystem,
      memoryLimitMiB: service.memory - sidecarMemory,
      essential: true,
    });
    // The root filesystem stays read-only; each writable directory is a task volume of its own.
    service.writablePaths.forEach((containerPath, i) => {
      const sourceVolume = `writable-${i + 1}`;
      this.taskDefinition.addVolume({ name: sourceVolume });
      app.addMountPoints({ sourceVolume, containerPath, readOnly: false });
    });
    const sidecars = new Map(
      service.sidecars.map((sidecar) => [sidecar.name, this.addSidecar(sidecar, environmentName)]),
    );
    const containers = new Map<string, ecs.ContainerDefinition>([[service.containerName, app], ...sidecars]);
    for (const sidecar of service.sidecars) {
      for (const dependency of sidecar.dependsOn) {
        const container = containers.get(dependency.container);
        if (!container) {
          throw new Error(
            `sidecar '${sidecar.name}' of service '${service.name}' depends on '${dependency.container}', which is ` +
              `not a container of the task (containers: ${[...containers.keys()].join(', ')})`,
          );
        }
        sidecars.get(sidecar.name)!.addContainerDependencies({
          container,
          condition: ecs.ContainerDependencyCondition[dependency.condition],
        });
      }
    }
    // Last, so an override sees (and may change) everything above; paths were checked by the config's validation.
    const resource = this.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    for (const { path, value } of service.taskDefinitionOverrides) {
      if (value === null) resource.addPropertyDeletionOverride(path);
      else resource.addPropertyOverride(path, value);
    }
  }

  private addSidecar(sidecar: SidecarConfig, environmentName: Record<string, string>): ecs.ContainerDefinition {
    return this.taskDefinition.addContainer(`Sidecar-${sidecar.name}`, {
      containerName: sidecar.name,
      image: ecs.ContainerImage.fromRegistry(sidecar.image),
      essential: sidecar.essential,
      cpu: sidecar.cpu,
      memoryLimitMiB: sidecar.memory,
      command: sidecar.command,
      environment: { ...sidecar.environment, ...environmentName },
      portMappings: sidecar.portMappings.map((m) => ({
        containerPort: m.containerPort,
        protocol: m.protocol === 'udp' ? ecs.Protocol.UDP : ecs.Protocol.TCP,
      })),
      user: sidecar.user,
      readonlyRootFilesystem: sidecar.readonlyRootFilesystem,
      logging:
        sidecar.logging === 'awslogs'
          ? ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: sidecar.name })
          : undefined,
    });
  }
}

/** ECS tasks of this account only: the confused-deputy conditions ECS documents for task and execution roles. */
function ecsTasksPrincipal(scope: Construct): iam.IPrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ecs', resource: '*' }) },
  });
}

/** kms:Decrypt on the image repository's key (in the pipeline account), found by its alias. */
function pullDecryptStatement(image: ServiceImage): iam.PolicyStatement {
  const repository = Arn.split(image.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME);
  return new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [Arn.format({ ...repository, service: 'kms', resource: 'key', resourceName: '*' })],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': image.keyAlias } },
  });
}
