import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { type BlueGreenTraffic, BlueGreenLoadBalancer } from './application-load-balancer';
import { BlueGreenNetworkLoadBalancer } from './network-load-balancer';

/** The load balancer behind a web service's blue/green traffic, whichever kind it is (ALB or NLB). */
export function loadBalancerOf(traffic: BlueGreenTraffic): elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer {
  if (traffic instanceof BlueGreenLoadBalancer || traffic instanceof BlueGreenNetworkLoadBalancer) {
    return traffic.loadBalancer;
  }
  throw new Error('blue/green traffic without a load balancer of this application');
}
