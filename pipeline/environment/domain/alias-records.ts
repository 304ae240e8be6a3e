import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { isInZone } from '../../../model/config/domain-schema';

export interface LoadBalancerAliasProps {
  readonly zone: route53.IHostedZone;
  /** Full name of the record, inside the zone, e.g. api.example.com. */
  readonly recordName: string;
  readonly loadBalancer: elbv2.ILoadBalancerV2;
}

export interface DistributionAliasProps {
  readonly zone: route53.IHostedZone;
  /** Full name of the record, inside the zone, e.g. www.example.com or example.com. */
  readonly recordName: string;
  readonly distribution: cloudfront.IDistribution;
}

/** An A alias record for a web service's load balancer (IPv4: the load balancer is not dual-stack). */
export class LoadBalancerAlias extends Construct {
  readonly record: route53.ARecord;

  constructor(scope: Construct, id: string, props: LoadBalancerAliasProps) {
    super(scope, id);
    checkInZone(this, props.recordName, props.zone);
    this.record = new route53.ARecord(this, 'A', {
      zone: props.zone,
      recordName: props.recordName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer)),
    });
  }
}

/** A and AAAA alias records for a CloudFront distribution (it answers on IPv6 by default). */
export class DistributionAlias extends Construct {
  readonly records: readonly route53.RecordSet[];

  constructor(scope: Construct, id: string, props: DistributionAliasProps) {
    super(scope, id);
    checkInZone(this, props.recordName, props.zone);
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(props.distribution));
    this.records = [
      new route53.ARecord(this, 'A', { zone: props.zone, recordName: props.recordName, target }),
      new route53.AaaaRecord(this, 'AAAA', { zone: props.zone, recordName: props.recordName, target }),
    ];
  }
}

function checkInZone(scope: Construct, recordName: string, zone: route53.IHostedZone): void {
  if (!isInZone(recordName, zone.zoneName)) {
    throw new Error(`${scope.node.path}: record ${recordName} is not in the hosted zone ${zone.zoneName}`);
  }
}
