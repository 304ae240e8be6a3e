import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import type { EnvironmentNames } from '../../../model/naming';
import type { EnvironmentData } from '../data/environment-data';
import { BlueGreenLoadBalancer } from '../load-balancing/application-load-balancer';
import type { BlueGreenNetworkLoadBalancer } from '../load-balancing/network-load-balancer';
import type { WebServiceResources } from '../services/web-service';
import type { WorkerServiceResources } from '../services/worker-service';
import { DeploymentNotifications } from './deployment-notifications';
import { type DashboardService, ServiceDashboard } from './service-dashboard';

export interface EnvironmentObservabilityProps {
  /** The environment's physical names (model/naming.ts). */
  readonly names: EnvironmentNames;
  /** The web services, whose alarms and metrics the environment watches. */
  readonly webServices: readonly WebServiceResources[];
  /** The workers, whose alarms and metrics the environment watches. */
  readonly workers: readonly WorkerServiceResources[];
  /** The data tier, whose widgets join the dashboard. @default - none: no data widgets */
  readonly data?: EnvironmentData;
  /** The environment's CodeDeploy application, whose deployments are notified. */
  readonly codeDeployApplication: codedeploy.IEcsApplication;
  /** Who receives deployment notifications. @default - nobody */
  readonly emails?: readonly string[];
}

/**
 * What an environment is watched by: the composite alarm the bake watches (any rollback or deployment alarm of any
 * service), the dashboard, and deployment notifications. Made in `scope` itself so the logical ids stay as they were.
 */
export function observeEnvironment(scope: Construct, props: EnvironmentObservabilityProps): void {
  const { names, webServices, workers } = props;
  const alarms = [...webServices.flatMap((w) => w.alarms), ...workers.flatMap((w) => w.alarms)];
  new cloudwatch.CompositeAlarm(scope, 'AnyRollbackAlarm', {
    compositeAlarmName: names.rollbackAlarm,
    alarmDescription: 'In ALARM while any rollback or deployment alarm of this environment is',
    alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
  });
  new ServiceDashboard(scope, 'Dashboard', {
    dashboardName: names.codeDeployApplication,
    clusterName: names.cluster,
    services: [
      ...webServices.map((w) => dashboardRow(w.serviceName, w)),
      ...workers.map((w) => ({ name: w.serviceName, service: w.fargateService })),
    ],
    dataWidgets: props.data?.dashboardWidgets() ?? [],
    alarms,
  });
  new DeploymentNotifications(scope, 'Notifications', {
    application: props.codeDeployApplication,
    emails: props.emails,
  });
}

function dashboardRow(name: string, web: WebServiceResources): DashboardService {
  const traffic = web.traffic;
  if (traffic instanceof BlueGreenLoadBalancer) {
    return {
      name,
      service: web.fargateService,
      targetGroups: { kind: 'alb', blue: traffic.blueTargetGroup, green: traffic.greenTargetGroup },
    };
  }
  const nlb = traffic as BlueGreenNetworkLoadBalancer;
  return {
    name,
    service: web.fargateService,
    targetGroups: {
      kind: 'nlb',
      blue: nlb.blueTargetGroup as elbv2.NetworkTargetGroup,
      green: nlb.greenTargetGroup as elbv2.NetworkTargetGroup,
    },
  };
}
