import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../../model/config';
import { isWebService } from '../../../model/config/service-config';
import { serviceNames, type EnvironmentNames } from '../../../model/naming';
import { ListenerRepointFunction } from '../deployment/listener-repoint-function';
import { loadBalancerOf } from '../load-balancing/load-balancer-of';
import type { WebServiceResources } from '../services/web-service';
import type { WorkerServiceResources } from '../services/worker-service';
import { ListenerRepointRole } from './listener-repoint-role';
import { PipelineAccessRoles } from './pipeline-access-roles';

export interface EnvironmentAccessProps {
  /** The whole configuration: its services and the pipeline region. */
  readonly config: PipelineConfig;
  /** The environment as its domain, when it has one, applies to it. */
  readonly environment: EnvironmentConfig;
  /** The environment's physical names (model/naming.ts). */
  readonly names: EnvironmentNames;
  /** The account whose pipeline deploys this environment (`deployingAccountOf`). */
  readonly pipelineAccount: string;
  /** The VPC the listener re-point function runs in. */
  readonly vpc: ec2.IVpc;
  /** The cluster the release task runs on. */
  readonly cluster: ecs.ICluster;
  /** The deployment config the pipeline deploys with. */
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  /** The web services the pipeline deploys, releases and re-points. */
  readonly webServices: readonly WebServiceResources[];
  /** The workers the pipeline rolls. */
  readonly workers: readonly WorkerServiceResources[];
  /** The key the re-point function's log group is encrypted with. */
  readonly logKey: kms.IKey;
  /** How long the re-point function's log group keeps its events. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * What the deploying pipeline may do in this environment: its roles (deploy, release, roll the workers) and, with web
 * services, the function and role that repoint listeners. Made in `scope` itself so the logical ids stay as they were.
 */
export function grantPipelineAccess(scope: Construct, props: EnvironmentAccessProps): void {
  const { config, environment, names, webServices, workers } = props;
  const webServiceConfigs = config.services.filter(isWebService);
  new PipelineAccessRoles(scope, 'PipelineAccess', {
    names,
    pipelineAccount: props.pipelineAccount,
    pipelineRegion: config.pipeline.region,
    deploymentGroups: webServices.map((w) => w.deployment.deploymentGroup),
    deploymentConfig: props.deploymentConfig,
    taskFamilies: config.services
      .filter((s) => s.kind === 'web')
      .map((s) => serviceNames(config.application, environment, s).taskFamily),
    taskRoles: webServices.flatMap((w) => w.taskRoles),
    release: {
      cluster: props.cluster,
      taskFamilies: config.services
        .filter((s) => s.kind === 'web' && s.release)
        .map((s) => serviceNames(config.application, environment, s).taskFamily),
      taskRoles: webServices
        .filter((w) => webServiceConfigs.find((s) => s.name === w.serviceName)?.release)
        .flatMap((w) => w.taskRoles),
    },
    workers: {
      services: workers.map((w) => w.fargateService),
      taskDefinitionArns: workers.map((w) => w.fargateService.taskDefinition.taskDefinitionArn),
    },
  });
  if (webServices.length > 0) {
    const repoint = new ListenerRepointFunction(scope, 'ListenerRepointFunction', {
      names,
      vpc: props.vpc,
      logKey: props.logKey,
      logRetention: props.logRetention,
      traffic: webServices.map((w) => ({
        service: w.serviceName,
        listeners: [w.traffic.productionListener, w.traffic.testListener],
        targetGroups: [w.traffic.blueTargetGroup, w.traffic.greenTargetGroup],
        loadBalancer: loadBalancerOf(w.traffic),
        ecsService: w.fargateService,
        deploymentGroup: w.deployment.deploymentGroup,
      })),
    });
    new ListenerRepointRole(scope, 'ListenerRepoint', {
      names,
      pipelineAccount: props.pipelineAccount,
      pipelineRegion: config.pipeline.region,
      repointFunction: repoint.function,
    });
  }
}
