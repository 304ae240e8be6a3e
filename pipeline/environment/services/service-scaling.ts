import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { ServiceConfig } from '../../../model/config';
import type { ServiceScaling } from '../../../model/config/scaling';

export interface ScaleServiceProps {
  readonly scaling: ServiceScaling;
  /**
   * ALB target groups the service serves through. Production traffic moves between blue and green with every
   * deployment; the idle group reports no data, and target tracking scales in only when every policy agrees,
   * so tracking both keeps request-based scaling right whichever colour is live.
   * @default - no request-based scaling (an NLB service, a worker)
   */
  readonly requestTargetGroups?: readonly elbv2.ApplicationTargetGroup[];
  /** A custom metric (queue depth) with the backlog per task to keep. @default - CPU (and requests, with target groups) only */
  readonly queue?: NonNullable<Extract<ServiceConfig, { kind: 'worker' }>['queueScaling']>;
}

/** Target tracking on CPU, and on requests per target (ALB) or a queue metric (workers) where given. */
export function scaleService(service: ecs.FargateService, props: ScaleServiceProps): void {
  const scaling = service.autoScaleTaskCount({
    minCapacity: props.scaling.minTasks,
    maxCapacity: props.scaling.maxTasks,
  });
  scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.scaling.cpuTargetPercent });
  (props.requestTargetGroups ?? []).forEach((targetGroup, i) => {
    scaling.scaleOnRequestCount(i === 0 ? 'BlueRequests' : 'GreenRequests', {
      requestsPerTarget: props.scaling.requestsPerTarget,
      targetGroup,
    });
  });
  if (props.queue) {
    scaling.scaleToTrackCustomMetric('Queue', {
      metric: new cloudwatch.Metric({
        namespace: props.queue.namespace,
        metricName: props.queue.metricName,
        dimensionsMap: props.queue.dimensions,
        statistic: props.queue.statistic,
        period: Duration.minutes(1),
      }),
      targetValue: props.queue.targetValue,
    });
  }
}
