import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { EnvironmentConfig, ServiceConfig } from '../config';
import type { EnvironmentNames } from '../naming';
import { acknowledgeGuardRule, acknowledgeNagRule, acknowledgeWildcards } from '../policy/acknowledge';

/** The container image an environment runs: the pipeline's repository and the commit's tag. */
export interface ServiceImage {
  readonly repositoryArn: string;
  readonly repositoryName: string;
  readonly tag: string;
  /** Alias of the repository's KMS key; task execution roles need to decrypt with it to pull. */
  readonly keyAlias: string;
}

export interface BlueGreenFargateServiceProps {
  readonly vpc: ec2.IVpc;
  readonly names: EnvironmentNames;
  readonly service: ServiceConfig;
  readonly scaling: EnvironmentConfig['scaling'];
  readonly image: ServiceImage;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The Fargate service under the CODE_DEPLOY deployment controller. CloudFormation creates it once;
 * afterwards a change of image or container settings only registers a new task definition revision
 * (CDK writes the service's TaskDefinition as the family name), and CodeDeploy rolls it out.
 * Never change the service's load balancers, network configuration or platform version here after
 * the first deployment: CloudFormation refuses such updates for CODE_DEPLOY services (FACTS).
 */
export class BlueGreenFargateService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  /** The task role and the execution role, which whoever registers or runs the task definition passes. */
  readonly taskRoles: iam.IRole[];

  constructor(scope: Construct, id: string, props: BlueGreenFargateServiceProps) {
    super(scope, id);
    const { names, service } = props;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      clusterName: names.cluster,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    acknowledgeGuardRule(
      this.cluster,
      'ecs_container_insights_enabled_check',
      "Container Insights is on, at the 'enhanced' level, which this version of the control does not recognise.",
    );

    const taskRoleTrust = ecsTasksPrincipal(this);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: names.taskFamily,
      // Named, so the pipeline's CodeDeploy action may pass exactly these and the image repository may name them.
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
    const repository = ecr.Repository.fromRepositoryAttributes(this, 'Repository', {
      repositoryArn: props.image.repositoryArn,
      repositoryName: props.image.repositoryName,
    });
    const executionRole = this.taskDefinition.obtainExecutionRole();
    this.taskRoles = [this.taskDefinition.taskRole, executionRole];
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
      'service.environment holds plain, non-secret settings by contract; secrets come from Secrets Manager or SSM ' +
        'through service.secrets.',
    );
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition.addContainer('App', {
      containerName: service.containerName,
      image: ecs.ContainerImage.fromEcrRepository(repository, props.image.tag),
      portMappings: [{ containerPort: service.port, protocol: ecs.Protocol.TCP }],
      // The sample service's /version answers with these; the lifecycle hook can assert on them.
      environment: { SERVICE_NAME: props.names.application, APP_VERSION: props.image.tag, ...service.environment },
      secrets: this.containerSecrets(service.secrets),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: service.containerName }),
      user: service.user,
      readonlyRootFilesystem: service.readonlyRootFilesystem,
      memoryLimitMiB: service.memory,
      essential: true,
    });

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Service tasks: container port from the load balancer only',
    });
    serviceSecurityGroup.connections.allowFrom(
      props.loadBalancerSecurityGroup,
      ec2.Port.tcp(service.port),
      'Load balancer',
    );

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      serviceName: names.service,
      taskDefinition: this.taskDefinition,
      desiredCount: Math.max(service.desiredCount, props.scaling.minTasks),
      deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceSecurityGroup],
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      healthCheckGracePeriod: Duration.seconds(60),
      enableExecuteCommand: false,
    });
    acknowledgeGuardRule(
      this.service,
      'ecs_fargate_latest_platform_version_check',
      'The platform version is one of the properties CloudFormation can never update on a CODE_DEPLOY service, so ' +
        'it stays as created: pinned to 1.4.0, which is what LATEST means on Linux today.',
    );
    this.service.attachToApplicationTargetGroup(props.blueTargetGroup);

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: props.scaling.minTasks,
      maxCapacity: props.scaling.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.scaling.cpuTargetPercent });
    // Production traffic moves between the blue and green groups with every deployment. The idle
    // group reports no data, and target tracking scales in only when every policy agrees, so
    // tracking both keeps request-based scaling right whichever colour is live.
    for (const [name, targetGroup] of [
      ['BlueRequests', props.blueTargetGroup],
      ['GreenRequests', props.greenTargetGroup],
    ] as const) {
      scaling.scaleOnRequestCount(name, { requestsPerTarget: props.scaling.requestsPerTarget, targetGroup });
    }
  }

  private containerSecrets(secrets: ServiceConfig['secrets']): Record<string, ecs.Secret> {
    return Object.fromEntries(
      Object.entries(secrets).map(([variable, source]) => {
        if ('secretsManagerArn' in source) {
          const secret = secretsmanager.Secret.fromSecretCompleteArn(
            this,
            `Secret${variable}`,
            source.secretsManagerArn,
          );
          return [variable, ecs.Secret.fromSecretsManager(secret, source.field)];
        }
        const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(this, `Parameter${variable}`, {
          parameterName: source.ssmParameter,
        });
        return [variable, ecs.Secret.fromSsmParameter(parameter)];
      }),
    );
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
