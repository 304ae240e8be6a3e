import { CfnElement, Stack, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { encryptedTopic } from '../../../../pipeline/encrypted-topic';
import { Network } from '../../../../pipeline/environment/network';
import { logsServicePrincipal, restrictGrantsToAwsServices } from '../../../../pipeline/policy/key-grants';

/** A stack whose availability zones come from the test, as the service stack's come from the config. */
export class DataTestStack extends Stack {
  readonly network: Network;
  readonly logKey: kms.Key;
  readonly topic: sns.ITopic;
  /** Stands in for a Fargate service's security group. */
  readonly taskSecurityGroup: ec2.SecurityGroup;

  constructor(app: App, id: string, region = 'eu-west-1') {
    super(app, id, { env: { account: '222222222222', region } });
    this.logKey = new kms.Key(this, 'LogKey', { enableKeyRotation: true });
    this.logKey.grantEncryptDecrypt(logsServicePrincipal(this));
    restrictGrantsToAwsServices(this.logKey);
    this.network = new Network(this, 'Network', {
      cidr: '10.0.0.0/16',
      availabilityZones: this.availabilityZones,
      natGateways: 1,
      logKey: this.logKey,
      logRetention: logs.RetentionDays.ONE_YEAR,
      isolatedSubnets: true,
    });
    this.topic = encryptedTopic(this, 'data tier alarms', ['cloudwatch.amazonaws.com']);
    this.taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.network.vpc,
      description: 'A Fargate service',
    });
  }

  override get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }
}

/**
 * Every ingress rule of a security group: inline rules and AWS::EC2::SecurityGroupIngress resources
 * pointing at it.
 */
export function ingressOf(template: Template, securityGroupLogicalId: string): Record<string, unknown>[] {
  const group = template.findResources('AWS::EC2::SecurityGroup')[securityGroupLogicalId];
  if (!group) throw new Error(`no security group ${securityGroupLogicalId}`);
  const inline = (group.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[];
  const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((r) => r.Properties as Record<string, unknown>)
    .filter((p) => JSON.stringify(p.GroupId).includes(`"${securityGroupLogicalId}"`));
  return [...inline, ...separate];
}

/** The logical id of the CloudFormation resource of the one construct whose path ends with `pathSuffix`. */
export function logicalIdOf(stack: Stack, pathSuffix: string): string {
  const found = stack.node.findAll().filter((c) => c.node.path.endsWith(`/${pathSuffix}`));
  if (found.length !== 1) throw new Error(`${found.length} constructs end with ${pathSuffix}`);
  const resource = found[0] instanceof CfnElement ? found[0] : found[0].node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${pathSuffix} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}
