import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';

/** The hosted zone a domain block names: by id and name, so synth never looks anything up. */
export interface HostedZoneRef {
  readonly hostedZoneId: string;
  readonly zoneName: string;
}

export function importHostedZone(scope: Construct, id: string, ref: HostedZoneRef): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(scope, id, {
    hostedZoneId: ref.hostedZoneId,
    zoneName: ref.zoneName,
  });
}
