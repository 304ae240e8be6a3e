import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IDependable } from 'constructs';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { databaseFunction } from './database-function';
import { rotationProtocolStatements, rotationSchedule } from './rotation-schedule';

/** One secret the function rotates. */
export interface RotatedSecret {
  /** Construct id of its invoke permission. */
  readonly id: string;
  readonly secret: secretsmanager.ISecret;
  /**
   * The master user's secret, named in `secret`'s `masterarn`: the user alternates with its clone, and the
   * function sets the clone's password as the master. @default - single user: the user changes its own password
   */
  readonly masterSecret?: secretsmanager.ISecret;
}

export interface DatabaseRotationProps {
  readonly vpc: ec2.IVpc;
  /** Where the function runs: subnets that reach the database and the Secrets Manager API (NAT or an endpoint). */
  readonly subnets: ec2.SubnetSelection;
  /** `<app>-<env>-database-rotation` (model/naming.ts). */
  readonly functionName: string;
  /** The database's port, which the function's security group may reach. */
  readonly port: number;
  /** Days between rotations of each secret. */
  readonly days: number;
  readonly secrets: readonly RotatedSecret[];
  /**
   * What the schedules wait for: creating one rotates the secret at once (RotateSecret), so the users it rotates and
   * the rules that let the function in must exist. @default - nothing besides the function's permissions
   */
  readonly after?: readonly IDependable[];
  /** The database's key, which encrypts the secrets. */
  readonly key: kms.IKey;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Rotates the database's secrets with the tool's own rotation function (lambdas/database-rotation), not AWS's
 * Serverless Application Repository ones: those are added through a CloudFormation transform, which a protected
 * environment's templates may not declare (Verify refuses what no check reads). The master user changes its own
 * password (single user); the application user alternates with its clone, so tasks started before a rotation keep
 * working until the next one.
 */
export class DatabaseRotation extends Construct {
  /** The function's security group, which the database lets in. */
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseRotationProps) {
    super(scope, id);
    const rotated = props.secrets.map((s) => s.secret.secretArn);
    const masters = props.secrets.flatMap((s) => (s.masterSecret ? [s.masterSecret.secretArn] : []));
    const rotation = databaseFunction(this, {
      vpc: props.vpc,
      subnets: props.subnets,
      functionName: props.functionName,
      handler: 'database-rotation',
      description: "Rotates the database's secrets; invoked by Secrets Manager",
      subject: 'Database rotation',
      port: props.port,
      key: props.key,
      writesSecrets: true,
      statements: [
        ...rotationProtocolStatements(rotated),
        ...(masters.length > 0
          ? [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: masters })]
          : []),
      ],
      // Each step makes a few calls and at most three logins, each bounded by its own short timeout.
      timeout: Duration.minutes(1),
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    this.securityGroup = rotation.securityGroup;
    acknowledgeWildcards(
      rotation.role,
      'secretsmanager:GetRandomPassword acts on no resource (Service Authorization Reference, AWS Secrets Manager).',
      [{ resource: '*' }],
    );

    for (const { id: scheduleId, secret } of props.secrets) {
      // Where CDK's `secret.addRotationSchedule('RotationSchedule')` puts a schedule, so a secret that AWS's rotation
      // application rotated before keeps its schedule's logical id: CloudFormation updates it in place. Under a new id
      // it would create the new schedule, then delete the old one, which turns rotation off for the secret
      // (cloudformation-coverage-roadmap#1813).
      rotationSchedule(
        { scope: this, id: `${scheduleId}Invoke` },
        { scope: new Construct(secret, 'RotationSchedule'), id: 'Resource' },
        { secret, rotationFunction: rotation.function, days: props.days, after: props.after },
      );
    }
  }
}
