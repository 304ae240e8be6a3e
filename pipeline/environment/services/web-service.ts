import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { LifecycleEvent, ServiceGates, WebService } from '../../../model/config';
import { acknowledgeGuardRule } from '../../policy/acknowledge';
import { BlueGreenDeployment } from '../deployment/blue-green-deployment';
import { IntegrationGate } from '../deployment/integration-gate';
import { LifecycleHookFunction } from '../deployment/lifecycle-hook-function';
import { NetworkRollbackAlarms } from '../deployment/nlb-rollback-alarms';
import { RollbackAlarms } from '../deployment/rollback-alarms';
import { ScalingSuspension } from '../deployment/scaling-suspension';
import {
  type BlueGreenBalancerProps,
  type BlueGreenTraffic,
  BlueGreenLoadBalancer,
} from '../load-balancing/application-load-balancer';
import { BlueGreenNetworkLoadBalancer } from '../load-balancing/network-load-balancer';
import { initialTaskCount, scalingFor } from '../../../model/config/scaling';
import { scaleService } from './service-scaling';
import { serviceTaskDefinition, type ServiceResourcesProps } from './service-resources-props';
import type { ServiceTaskDefinition } from './service-task-definition';
import { acknowledgeExecWildcards } from '../access/exec-sessions';

export interface WebServiceResourcesProps extends ServiceResourcesProps {
  readonly service: WebService;
  /** Where the test listener is reached from: the NAT gateways' addresses (internet-facing) or the VPC. */
  readonly testListenerSources: readonly string[];
  readonly codeDeployApplication: codedeploy.IEcsApplication;
  /** Its fixed name, so the hook's permission names the deployment group without a reference. */
  readonly codeDeployApplicationName: string;
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  /** Where the checks, the smoke checks and the integration suite run (`serviceGates`). */
  readonly gates: ServiceGates;
  /** Where the integration suite's code comes from, when the gates include it. @default - none: no suite */
  readonly suiteSource?: codebuild.ISource;
  /** Where operational alarms go (a message in the gate's dead-letter queue). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * One web service: its own load balancer (ALB or NLB) with production and test listeners and blue and green
 * target groups, its task definition, the Fargate service under the CODE_DEPLOY controller, autoscaling, the
 * rollback alarms that fit its load balancer, its deployment group and its lifecycle hook.
 *
 * CloudFormation creates the service once; afterwards a change of image or container settings only registers a
 * new task definition revision (CDK writes the service's TaskDefinition as the family name), and CodeDeploy rolls
 * it out. Never change the service's load balancers, network configuration or platform version after the first
 * deployment: CloudFormation refuses such updates for CODE_DEPLOY services (FACTS).
 */
export class WebServiceResources extends Construct {
  /** The configured service's name. */
  readonly serviceName: string;
  readonly traffic: BlueGreenTraffic;
  readonly fargateService: ecs.FargateService;
  readonly taskDefinition: ServiceTaskDefinition;
  readonly taskRoles: iam.IRole[];
  readonly securityGroup: ec2.SecurityGroup;
  readonly alarms: cloudwatch.Alarm[];
  readonly deployment: BlueGreenDeployment;
  /** Checks green through the test listener (AfterAllowTestTraffic, BeforeAllowTraffic), when configured. */
  readonly hook?: LifecycleHookFunction;
  /** The same checks against the production listener after the shift, while blue still stands (AfterAllowTraffic). */
  readonly smoke?: LifecycleHookFunction;
  /** Runs the integration suite against green at AfterAllowTestTraffic, when configured for this service. */
  readonly integrationGate?: IntegrationGate;
  /** What other services call: the production listener (https with the configured name). */
  readonly url: string;
  /** Suspends the service's scaling while CodeDeploy deploys it, and resumes it after. */
  readonly scalingSuspension: ScalingSuspension;

  constructor(scope: Construct, id: string, props: WebServiceResourcesProps) {
    super(scope, id);
    const { service, environment, names } = props;
    this.serviceName = service.name;
    const certificate =
      environment.certificateArn && environment.domainName && service.public
        ? { arn: environment.certificateArn, domainName: environment.domainName, aliasedHere: !!environment.domain }
        : undefined;
    const balancerProps: BlueGreenBalancerProps = {
      vpc: props.vpc,
      internetFacing: service.public,
      containerPort: service.port,
      testListenerPort: environment.testListenerPort,
      testListenerSources: props.testListenerSources,
      certificate,
      accessLogDays: 90,
    };
    const alb =
      service.loadBalancer === 'alb'
        ? new BlueGreenLoadBalancer(this, 'LoadBalancer', {
            ...balancerProps,
            healthCheckPath: service.healthCheckPath ?? '/health',
          })
        : undefined;
    const nlb =
      service.loadBalancer === 'nlb'
        ? new BlueGreenNetworkLoadBalancer(this, 'LoadBalancer', {
            ...balancerProps,
            healthCheckPath: service.healthCheckPath,
          })
        : undefined;
    this.traffic = (alb ?? nlb)!;
    this.url = this.traffic.productionUrl;

    this.taskDefinition = serviceTaskDefinition(this, props, service);
    this.taskRoles = this.taskDefinition.taskRoles;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${service.name} tasks: container port from its load balancer only`,
    });
    this.securityGroup.connections.allowFrom(this.traffic.securityGroup, ec2.Port.tcp(service.port), 'Load balancer');
    this.fargateService = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: names.service,
      taskDefinition: this.taskDefinition.taskDefinition,
      desiredCount: initialTaskCount(environment, service),
      deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      healthCheckGracePeriod: Duration.seconds(60),
      enableExecuteCommand: environment.exec,
    });
    if (environment.exec) acknowledgeExecWildcards(this.taskDefinition.taskDefinition.taskRole, props.cluster);
    acknowledgeGuardRule(
      this.fargateService,
      'ecs_fargate_latest_platform_version_check',
      'The platform version is one of the properties CloudFormation can never update on a CODE_DEPLOY service, so ' +
        'it stays as created: pinned to 1.4.0, which is what LATEST means on Linux today.',
    );
    const scaling = scalingFor(environment, service);
    if (alb) {
      this.fargateService.attachToApplicationTargetGroup(alb.blueTargetGroup);
      scaleService(this.fargateService, { scaling, requestTargetGroups: [alb.blueTargetGroup, alb.greenTargetGroup] });
      this.alarms = new RollbackAlarms(this, 'RollbackAlarms', {
        thresholds: environment.alarms,
        targetGroups: { Blue: alb.blueTargetGroup, Green: alb.greenTargetGroup },
        alarmNamePrefix: names.alarmPrefix,
      }).alarms;
    } else {
      this.fargateService.attachToNetworkTargetGroup(nlb!.blueTargetGroup as elbv2.NetworkTargetGroup);
      scaleService(this.fargateService, { scaling });
      this.alarms = new NetworkRollbackAlarms(this, 'RollbackAlarms', {
        thresholds: environment.alarms,
        loadBalancer: nlb!.loadBalancer,
        targetGroups: { Blue: nlb!.blueTargetGroup, Green: nlb!.greenTargetGroup },
        alarmNamePrefix: names.alarmPrefix,
      }).alarms;
    }

    this.deployment = new BlueGreenDeployment(this, 'Deployment', {
      application: props.codeDeployApplication,
      deploymentConfig: props.deploymentConfig,
      deploymentGroupName: names.deploymentGroup,
      service: this.fargateService,
      terminationWaitMinutes: environment.terminationWaitMinutes,
      traffic: this.traffic,
      alarms: this.alarms,
      taskRoles: this.taskRoles,
    });
    this.scalingSuspension = new ScalingSuspension(this, 'ScalingSuspension', {
      deploymentGroup: { applicationName: props.codeDeployApplicationName, deploymentGroupName: names.deploymentGroup },
      clusterName: props.cluster.clusterName,
      serviceName: names.service,
      serviceArn: this.fargateService.serviceArn,
      alarmTopic: props.alarmTopic,
      alarmNamePrefix: names.alarmPrefix,
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    const { checks } = props.gates;
    const hookHandles = (events: readonly LifecycleEvent[], functionName: string) => ({
      vpc: props.vpc,
      functionName,
      codeDeployApplication: props.codeDeployApplicationName,
      deploymentGroup: names.deploymentGroup,
      checks,
      hookEvents: events,
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    const onGreen = props.gates.checksOnGreen;
    if (onGreen.length > 0) {
      this.hook = new LifecycleHookFunction(this, 'LifecycleHook', {
        ...hookHandles(onGreen, names.hookFunction),
        targetUrl: this.traffic.testUrl,
        targetPort: environment.testListenerPort,
      });
    }
    if (props.gates.smoke) {
      // A failed smoke check fails the deployment, and CodeDeploy rolls back to blue at once: blue stands until
      // the termination wait ends.
      this.smoke = new LifecycleHookFunction(this, 'SmokeHook', {
        ...hookHandles(['AfterAllowTraffic'], names.smokeFunction),
        targetUrl: this.traffic.productionUrl,
        targetPort: certificate ? 443 : 80,
      });
    }
    const suite = props.gates.integrationTests;
    if (suite) {
      if (!props.suiteSource)
        throw new Error(`web service '${service.name}' runs the integration suite but has no source for it`);
      this.integrationGate = new IntegrationGate(this, 'IntegrationGate', {
        vpc: props.vpc,
        testListenerPort: environment.testListenerPort,
        targetUrl: this.traffic.testUrl,
        command: suite.command,
        timeoutMinutes: suite.timeoutMinutes,
        source: props.suiteSource,
        projectName: names.integrationProject,
        functionName: names.integrationGateFunction,
        deploymentGroup: {
          applicationName: props.codeDeployApplicationName,
          deploymentGroupName: names.deploymentGroup,
        },
        logKey: props.logKey,
        logRetention: props.logRetention,
      });
      // A message here is a hook CodeDeploy will fail after its hour, or a build result nobody reported.
      new cloudwatch.Alarm(this, 'IntegrationGateUndelivered', {
        alarmName: `${names.alarmPrefix}-IntegrationGateUndelivered`,
        alarmDescription: "The integration gate could not take a build's result or a hook event; see its queue",
        metric: this.integrationGate.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
    }
  }
}
