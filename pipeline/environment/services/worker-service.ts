import { CfnDeletionPolicy, type CfnResource, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { WorkerService } from '../../../model/config';
import { acknowledgeGuardRule } from '../../policy/acknowledge';
import { rollbackAlarm } from '../deployment/rollback-alarm';
import { acknowledgeAlarmActions } from '../deployment/rollback-alarms';
import { initialTaskCount, isSingleton, scalingFor } from '../../../model/config/scaling';
import { scaleService } from './service-scaling';
import { serviceTaskDefinition, type ServiceResourcesProps } from './service-resources-props';
import { acknowledgeExecWildcards } from '../access/exec-sessions';

export interface WorkerServiceResourcesProps extends ServiceResourcesProps {
  readonly service: WorkerService;
}

/**
 * A worker: no load balancer, so CodeDeploy cannot deploy it; it uses the ECS deployment controller, watched by the
 * deployment circuit breaker and by CloudWatch deployment alarms, both with rollback. Each commit's image tag
 * registers a new task definition revision, but the service names its family only, so the stack update does not
 * roll it: the pipeline's RollWorkers step moves it to the exact revision after the environment's release tasks
 * and blue/green deployments (`bluegreen roll-workers`). Nothing here touches a web service.
 */
export class WorkerServiceResources extends Construct {
  /** The configured service's name. */
  readonly serviceName: string;
  readonly fargateService: ecs.FargateService;
  readonly taskRoles: iam.IRole[];
  readonly securityGroup: ec2.SecurityGroup;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WorkerServiceResourcesProps) {
    super(scope, id);
    const { service, environment, names } = props;
    this.serviceName = service.name;
    const task = serviceTaskDefinition(this, props, service);
    this.taskRoles = task.taskRoles;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${service.name} tasks: no inbound traffic`,
    });

    const period = Duration.seconds(environment.alarms.periodSeconds);
    const serviceMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ECS',
        metricName,
        dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: names.service },
        statistic: 'Average',
        period,
      });
    // The circuit breaker rolls back tasks that fail to start or stay unhealthy; these catch a new version that runs
    // but saturates. Named before the service exists, so the service can name them.
    this.alarms = [
      rollbackAlarm(this, 'CpuSaturated', {
        thresholds: environment.alarms,
        alarmName: `${names.alarmPrefix}-CpuSaturated`,
        metric: serviceMetric('CPUUtilization'),
        threshold: 95,
        description: `${service.name}: CPU of the tasks in percent`,
      }),
      rollbackAlarm(this, 'MemorySaturated', {
        thresholds: environment.alarms,
        alarmName: `${names.alarmPrefix}-MemorySaturated`,
        metric: serviceMetric('MemoryUtilization'),
        threshold: 95,
        description: `${service.name}: memory of the tasks in percent`,
      }),
    ];
    acknowledgeAlarmActions(this);

    this.fargateService = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: names.service,
      taskDefinition: task.taskDefinition,
      desiredCount: initialTaskCount(environment, service),
      minHealthyPercent: service.minHealthyPercent,
      maxHealthyPercent: service.maxHealthyPercent,
      circuitBreaker: { enable: true, rollback: true },
      deploymentAlarms: {
        alarmNames: this.alarms.map((a) => a.alarmName),
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      enableExecuteCommand: environment.exec,
    });
    nameFamilyOnly(this.fargateService, task.taskDefinition);
    if (environment.exec) acknowledgeExecWildcards(task.taskDefinition.taskRole, props.cluster);
    acknowledgeGuardRule(
      this.fargateService,
      'ecs_fargate_latest_platform_version_check',
      'Pinned to 1.4.0, which is what LATEST means on Linux today, so a platform change is a reviewed commit.',
    );
    // A singleton stays at one task: its rollout stops the old task first (minHealthyPercent 0, maxHealthyPercent 100).
    if (!isSingleton(service)) {
      scaleService(this.fargateService, { scaling: scalingFor(environment, service), queue: service.queueScaling });
    }
  }
}

/**
 * Names the task definition by family, without a revision: "If a revision isn't specified, the latest ACTIVE revision
 * is used" (AWS::ECS::Service TaskDefinition). A new revision then leaves the service resource unchanged, so
 * CloudFormation does not start a rollout before the release task; the service still waits for the task definition
 * on creation. The revision a stack update replaces stays registered (UpdateReplacePolicy and DeletionPolicy Retain): the worker still
 * runs it until RollWorkers, and ECS refuses to update a service to an INACTIVE (deregistered) revision, which is what
 * CloudFormation would make of it, so a circuit breaker rollback or a move back finds it ACTIVE.
 */
function nameFamilyOnly(service: ecs.FargateService, taskDefinition: ecs.TaskDefinition): void {
  const cfnService = service.node.defaultChild as ecs.CfnService;
  const cfnTaskDefinition = taskDefinition.node.defaultChild as CfnResource;
  cfnService.taskDefinition = taskDefinition.family;
  cfnService.addResourceDependency(cfnTaskDefinition);
  cfnTaskDefinition.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  // An update that rolls back after the service moved (a change of the service's own settings) leaves it on the
  // revision that update registered: the rollback's cleanup must not deregister it under the running worker.
  cfnTaskDefinition.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
}
