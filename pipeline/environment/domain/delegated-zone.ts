import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import type { HostedZoneRef } from './hosted-zone';

export interface DelegatedZoneProps {
  /** The parent zone, in another account (`domain.hostedZoneId` and `domain.zoneName`). */
  readonly parent: HostedZoneRef;
  /** The subdomain zone to create in this account, e.g. prod.example.com. */
  readonly zoneName: string;
  /** The role in the parent zone's account that may write the NS record (`domain.delegation.roleArn`). */
  readonly roleArn: string;
}

/** The singleton provider CDK adds to the stack for CrossAccountZoneDelegationRecord. */
const DELEGATION_PROVIDER = 'Custom::CrossAccountZoneDelegationCustomResourceProvider';

/**
 * A public hosted zone for the environment in its own account, and its NS record written into the parent zone of
 * another account by CDK's CrossAccountZoneDelegationRecord: a custom resource whose function, in this account,
 * assumes `roleArn` and UPSERTs (on delete: DELETEs) the NS record. No CDK bootstrap trust is involved; the role must
 * exist in the parent's account first, trust this account, and may change only NS records of this name there.
 */
export class DelegatedZone extends Construct {
  readonly zone: route53.PublicHostedZone;
  /** The NS record in the parent zone; whatever ACM validates in `zone` must come after it. */
  readonly delegation: route53.CrossAccountZoneDelegationRecord;

  constructor(scope: Construct, id: string, props: DelegatedZoneProps) {
    super(scope, id);
    this.zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: props.zoneName });
    this.delegation = new route53.CrossAccountZoneDelegationRecord(this, 'Delegation', {
      delegatedZone: this.zone,
      parentHostedZoneId: props.parent.hostedZoneId,
      delegationRole: iam.Role.fromRoleArn(this, 'DelegationRole', props.roleArn),
      ttl: Duration.days(2),
    });
    const provider = Stack.of(this).node.tryFindChild(DELEGATION_PROVIDER);
    if (!provider) throw new Error(`DelegatedZone: expected CDK's ${DELEGATION_PROVIDER} in the stack`);
    acknowledgeGuardRule(
      provider,
      'lambda_inside_vpc_check',
      "CDK's delegation function calls only STS and Route 53's public API, once per deployment of the zone; it " +
        'reaches no resource inside the VPC.',
    );
    acknowledgeNagRule(
      provider,
      'AwsSolutions-IAM4',
      "CDK's provider role has the AWSLambdaBasicExecutionRole managed policy (its own logs only); the provider is not configurable.",
    );
  }
}
