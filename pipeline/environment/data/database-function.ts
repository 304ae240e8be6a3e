import { Stack, type Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LambdaHandlerName } from '../../../model/tool-files';
import { vpcFunction } from '../deployment/vpc-function';

/** Where a function that connects to the database as one of its users runs, and what it may reach. */
export interface DatabaseFunctionProps {
  readonly vpc: ec2.IVpc;
  /** Subnets that reach the database and the Secrets Manager API (NAT or an endpoint). */
  readonly subnets: ec2.SubnetSelection;
  readonly functionName: string;
  readonly handler: LambdaHandlerName;
  /** What the role is for, for people reading IAM. */
  readonly description: string;
  /** What the security group's description names, e.g. `Database users` (EC2 allows no apostrophe there). */
  readonly subject: string;
  /** The database's port, which the function's security group may reach in the VPC. */
  readonly port: number;
  /** The database's key: the function decrypts (and `encrypts`, for a rotation) the secrets through Secrets Manager. */
  readonly key: kms.IKey;
  /** Whether it writes secret values too (a rotation): then it may also generate data keys. */
  readonly writesSecrets: boolean;
  /** Its Secrets Manager calls. */
  readonly statements: readonly iam.PolicyStatement[];
  readonly timeout: Duration;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * One of the tool's database functions (database-users, database-rotation) in the VPC: its security group may reach
 * only the Secrets Manager API and the database's port, and its role may use the database's key only through Secrets
 * Manager.
 */
export function databaseFunction(
  scope: Construct,
  props: DatabaseFunctionProps,
): { readonly function: lambda.Function; readonly role: iam.Role; readonly securityGroup: ec2.SecurityGroup } {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `${props.subject}: out to the database and the Secrets Manager API only`,
    allowAllOutbound: false,
  });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager API');
  securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(props.port), 'The database');
  const made = vpcFunction(scope, {
    ids: { role: 'Role', logGroup: 'Logs' },
    roleDescription: props.description,
    handler: props.handler,
    functionName: props.functionName,
    statements: [
      ...props.statements,
      new iam.PolicyStatement({
        actions: props.writesSecrets ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` } },
      }),
    ],
    vpc: props.vpc,
    vpcSubnets: props.subnets,
    securityGroup,
    // No variables: what a run acts on comes from its event and the secrets; it trusts the RDS certificate
    // authorities it bundles (core/database), not the runtime's store.
    environment: {},
    timeout: props.timeout,
    logKey: props.logKey,
    logRetention: props.logRetention,
  });
  return { ...made, securityGroup };
}
