import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../config';
import { environmentNames, type EnvironmentNames } from '../naming';
import { logsServicePrincipal, restrictGrantsToAwsServices } from '../policy/key-grants';
import { BlueGreenDeployment } from './blue-green-deployment';
import { DeploymentNotifications } from './deployment-notifications';
import { BlueGreenFargateService, type ServiceImage } from './fargate-service';
import { LifecycleHookFunction } from './lifecycle-hook-function';
import { BlueGreenLoadBalancer } from './load-balancer';
import { Network } from './network';
import { PipelineAccessRoles } from './pipeline-access-roles';
import { RollbackAlarms } from './rollback-alarms';
import { ServiceDashboard } from './service-dashboard';

export interface ServiceStackProps extends StackProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  readonly image: ServiceImage;
}

/** Names of the stack outputs the pipeline's post-deploy steps read. */
export const SERVICE_OUTPUTS = {
  taskFamily: 'TaskDefinitionFamily',
  taskDefinitionArn: 'TaskDefinitionArn',
  containerName: 'ContainerName',
  containerPort: 'ContainerPort',
  productionUrl: 'ProductionUrl',
  testUrl: 'TestUrl',
  hookFunction: 'HookFunctionName',
  rollbackAlarms: 'RollbackAlarmNames',
} as const;

/** One environment of the service: network, load balancer, Fargate service, blue/green deployment and hook. */
export class ServiceStack extends Stack {
  readonly names: EnvironmentNames;
  readonly outputs: Record<keyof typeof SERVICE_OUTPUTS, CfnOutput>;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, environment } = props;
    this.zones = environment.availabilityZones;
    this.names = environmentNames(config.application, environment.name);
    // A year: the Control Tower baseline (CT.CLOUDWATCH.PR.2) for logs someone may need after an incident.
    const logRetention = logs.RetentionDays.ONE_YEAR;
    const logKey = this.logKey();

    const network = new Network(this, 'Network', {
      cidr: environment.vpcCidr,
      availabilityZones: environment.availabilityZones,
      natGateways: environment.natGateways,
      logKey,
      logRetention,
    });
    const loadBalancer = new BlueGreenLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      containerPort: config.service.port,
      healthCheckPath: config.service.healthCheckPath,
      testListenerPort: environment.testListenerPort,
      testListenerSources: [...network.natEgressCidrs, ...environment.operatorCidrs],
      certificate:
        environment.certificateArn && environment.domainName
          ? { arn: environment.certificateArn, domainName: environment.domainName }
          : undefined,
      accessLogDays: 90,
    });
    const service = new BlueGreenFargateService(this, 'Service', {
      vpc: network.vpc,
      names: this.names,
      service: config.service,
      scaling: environment.scaling,
      image: props.image,
      blueTargetGroup: loadBalancer.blueTargetGroup,
      greenTargetGroup: loadBalancer.greenTargetGroup,
      loadBalancerSecurityGroup: loadBalancer.loadBalancer.connections.securityGroups[0],
      logKey,
      logRetention,
    });
    const alarms = new RollbackAlarms(this, 'RollbackAlarms', {
      thresholds: environment.alarms,
      targetGroups: { Blue: loadBalancer.blueTargetGroup, Green: loadBalancer.greenTargetGroup },
      alarmNamePrefix: this.names.codeDeployApplication,
      compositeAlarmName: this.names.rollbackAlarm,
    });
    const deployment = new BlueGreenDeployment(this, 'Deployment', {
      names: this.names,
      service: service.service,
      strategy: environment.deployment,
      terminationWaitMinutes: environment.terminationWaitMinutes,
      productionListener: loadBalancer.productionListener,
      testListener: loadBalancer.testListener,
      blueTargetGroup: loadBalancer.blueTargetGroup,
      greenTargetGroup: loadBalancer.greenTargetGroup,
      alarms: alarms.alarms,
      taskRoles: service.taskRoles,
    });
    const hook = new LifecycleHookFunction(this, 'LifecycleHook', {
      vpc: network.vpc,
      names: this.names,
      targetUrl: loadBalancer.testUrl,
      testListenerPort: environment.testListenerPort,
      checks: config.checks,
      hookEvents: config.hooks,
      logKey,
      logRetention,
    });
    new ServiceDashboard(this, 'Dashboard', {
      dashboardName: this.names.codeDeployApplication,
      loadBalancer,
      service: service.service,
      alarms: alarms.alarms,
    });
    new DeploymentNotifications(this, 'Notifications', {
      application: deployment.application,
      emails: config.notifications.emails,
    });
    new PipelineAccessRoles(this, 'PipelineAccess', {
      names: this.names,
      pipelineAccount: config.pipeline.account,
      pipelineRegion: config.pipeline.region,
      deploymentGroup: deployment.deploymentGroup,
      deploymentConfig: deployment.deploymentConfig,
      taskRoles: service.taskRoles,
    });

    const output = (key: keyof typeof SERVICE_OUTPUTS, value: string, description: string) =>
      new CfnOutput(this, SERVICE_OUTPUTS[key], { value, description });
    this.outputs = {
      taskFamily: output('taskFamily', this.names.taskFamily, 'Task definition family CloudFormation registers'),
      taskDefinitionArn: output(
        'taskDefinitionArn',
        service.taskDefinition.taskDefinitionArn,
        'The task definition revision this deployment registered; render reads exactly it',
      ),
      containerName: output('containerName', config.service.containerName, 'The application container'),
      containerPort: output('containerPort', String(config.service.port), 'The application container port'),
      productionUrl: output('productionUrl', loadBalancer.productionUrl, 'Production listener'),
      testUrl: output('testUrl', loadBalancer.testUrl, 'Test listener (not reachable from the internet)'),
      hookFunction: output('hookFunction', hook.function.functionName, 'Lifecycle hook function'),
      rollbackAlarms: output(
        'rollbackAlarms',
        alarms.alarms.map((a) => a.alarmName).join(','),
        'Alarms that roll back',
      ),
    };
  }

  /** Configured, never looked up: a lookup needs credentials (FACTS). */
  override get availabilityZones(): string[] {
    return this.zones;
  }

  private logKey(): kms.Key {
    const key = new kms.Key(this, 'LogKey', {
      description: 'Encrypts the log groups of this environment',
      enableKeyRotation: true,
    });
    key.grantEncryptDecrypt(logsServicePrincipal(this));
    restrictGrantsToAwsServices(key);
    return key;
  }
}
