import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import {
  APPLICATION_DATABASE_USER,
  DATABASE_USERS_PROPERTIES,
  type DatabaseEngineFamily,
} from '../../../model/lambda-contracts';
import { acknowledgeGuardRule, acknowledgeWildcards } from '../../policy/acknowledge';
import { databaseFunction } from './database-function';

export interface DatabaseUsersProps {
  readonly vpc: ec2.IVpc;
  /** Where the function runs: subnets that reach the database and the Secrets Manager API (NAT or an endpoint). */
  readonly subnets: ec2.SubnetSelection;
  /** The function's name (`<app>-<env>-database-users`, model/naming.ts). */
  readonly functionName: string;
  readonly engineFamily: DatabaseEngineFamily;
  /** The application's database, which the application user comes to own. */
  readonly databaseName: string;
  /** The database's port, which the function's security group may reach. */
  readonly port: number;
  /** The instance or cluster: the application secret is attached to it, and the users are made after it. */
  readonly target: rds.IDatabaseInstance | rds.IDatabaseCluster;
  /** The database's security group: the users are made after the rules that let the function in. */
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** The master user's secret, attached to `target`: only this function and rotation read it. */
  readonly masterSecret: secretsmanager.ISecret;
  /** The database's key, which encrypts both secrets. */
  readonly key: kms.IKey;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The database's application user: its secret, and the custom resource that makes the user in the database
 * (lambdas/database-users, through CDK's provider framework, which answers CloudFormation even when the function
 * fails or times out). The function connects as the master user, with TLS, and makes `application` (and the clone
 * that alternating-users rotation takes turns with) the owner of the application's database; services and release
 * tasks then connect as it, and the master user's secret is read only here and by rotation.
 */
export class DatabaseUsers extends Construct {
  /**
   * The application user's credentials (username, password, and the host, port and dbname its attachment adds),
   * encrypted with the database's key: read through the attachment, so readers come after it.
   */
  readonly secret: secretsmanager.ISecret;
  /** The secret as generated (before it is attached), where its acknowledgements live. */
  readonly generatedSecret: rds.DatabaseSecret;
  /** The function's security group, which the database lets in. */
  readonly securityGroup: ec2.SecurityGroup;
  /** Made when the users exist: what the services' deployment waits for. */
  readonly ready: IDependable;

  constructor(scope: Construct, id: string, props: DatabaseUsersProps) {
    super(scope, id);
    const generated = new rds.DatabaseSecret(this, 'Secret', {
      username: APPLICATION_DATABASE_USER,
      dbname: props.databaseName,
      encryptionKey: props.key,
      // `masterarn` in the secret: AWS's alternating-users rotation connects as the master to change the clone.
      masterSecret: props.masterSecret,
    });
    this.generatedSecret = generated;
    const attached = generated.attach(props.target);
    this.secret = attached;

    const users = databaseFunction(this, {
      vpc: props.vpc,
      subnets: props.subnets,
      functionName: props.functionName,
      handler: 'database-users',
      description: 'Makes the application user of the database, as its master user; invoked by CloudFormation',
      subject: 'Database users',
      port: props.port,
      key: props.key,
      writesSecrets: false,
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.masterSecret.secretArn, attached.secretArn],
        }),
      ],
      timeout: Duration.minutes(2),
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    this.securityGroup = users.securityGroup;

    const providerRole = frameworkRole(this);
    const providerLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CDK attaches AWSLambdaBasicExecutionRole only to a framework role it makes itself.
    providerLogs.grantWrite(providerRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: users.function,
      frameworkOnEventRole: providerRole,
      logGroup: providerLogs,
    });
    const resource = new CustomResource(this, 'Users', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::DatabaseUsers',
      properties: {
        [DATABASE_USERS_PROPERTIES.masterSecretArn]: props.masterSecret.secretArn,
        [DATABASE_USERS_PROPERTIES.applicationSecretArn]: attached.secretArn,
        [DATABASE_USERS_PROPERTIES.engineFamily]: props.engineFamily,
        [DATABASE_USERS_PROPERTIES.databaseName]: props.databaseName,
      },
    });
    // The database and the rules that let the function in come first (the rules are children of the group).
    resource.node.addDependency(props.target, props.databaseSecurityGroup);
    acknowledgeGuardRule(
      provider.node.findChild('framework-onEvent'),
      'lambda_inside_vpc_check',
      "CDK's provider framework only invokes the database-users function (which runs in the VPC) and answers " +
        "CloudFormation's pre-signed response URL; outside the VPC it answers even when that function fails.",
    );
    acknowledgeWildcards(
      providerRole,
      'The provider framework invokes the database-users function by any of its versions (CDK grants ' +
        '`<function>:*`); no other function.',
      [{ resource: `${users.function.functionArn}:*` }],
    );
    this.ready = resource;
  }
}

/** The provider framework's role, trusting Lambda of this account only (CDK's own would trust any account's). */
function frameworkRole(scope: Construct): iam.Role {
  const role = new iam.Role(scope, 'ProviderRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
    }),
    description: 'Runs the provider framework that calls the database-users function for CloudFormation',
  });
  return role;
}
