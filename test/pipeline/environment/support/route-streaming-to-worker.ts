/**
 * The README's recipe for "Several services on one host name" as an entry point writes it: one path of the web
 * service's host goes to the worker. A module of its own, so the synthesis it extends is shared through
 * `synthesized(config, tag, ROUTE_STREAMING_TO_WORKER)` (test/support/synthesized.ts) like any other.
 */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { EnvironmentStage } from '../../../../pipeline';

/** This module, as `synthesized()` names it. */
export const ROUTE_STREAMING_TO_WORKER = __filename;

export const STREAMING_PORT = 4000;

export function extendEnvironment(stage: EnvironmentStage): void {
  const { webTraffic, workerServices, taskDefinitions } = stage.serviceStack;
  const container = taskDefinitions.worker.defaultContainer!;
  container.addPortMappings({ containerPort: STREAMING_PORT });
  (webTraffic.web.productionListener as elbv2.IApplicationListener).addTargets('Streaming', {
    priority: 10,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/api/v1/streaming', '/api/v1/streaming/*'])],
    port: STREAMING_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [workerServices.worker.loadBalancerTarget({ containerName: container.containerName })],
    healthCheck: { path: '/api/v1/streaming/health' },
  });
}
