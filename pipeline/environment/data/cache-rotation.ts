import { Duration, RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IDependable } from 'constructs';
import { CACHE_ROTATION_ENVIRONMENT } from '../../../model/lambda-contracts';
import { lambdaBundleDir } from '../../../model/tool-files';
import { acknowledgeGuardRule, acknowledgeWildcards } from '../../policy/acknowledge';
import { rotationProtocolStatements, rotationSchedule } from './rotation-schedule';

export interface CacheRotationProps {
  /** `<app>-<env>-cache-rotation` (model/naming.ts). */
  readonly functionName: string;
  /** The token: the password of `userId`, one raw string. */
  readonly secret: secretsmanager.ISecret;
  /** The ElastiCache user whose password the token is (the `default` user of the cache's user group). */
  readonly userId: string;
  /** The user group that user is in, which ElastiCache updates when the password changes. */
  readonly userGroupId: string;
  /** Days between rotations. */
  readonly days: number;
  /** The cache's key, which encrypts the token. */
  readonly key: kms.IKey;
  /** What the schedule waits for: the user and its group must exist before a rotation can change them. */
  readonly after: readonly IDependable[];
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Rotates the cache's token with the tool's own rotation function (lambdas/cache-rotation): ElastiCache documents
 * rotation for the passwords of role-based access control users, not for the AUTH token of a replication group
 * (ElastiCache, "Automatically rotating passwords for users"), so a rotated token is always the password of the user
 * group's `default` user. The user holds the current and the new password from setSecret on (ElastiCache allows two),
 * so tasks started before a rotation keep connecting until the next one.
 *
 * The function runs outside the VPC: it calls only the ElastiCache and Secrets Manager APIs, never the cache.
 */
export class CacheRotation extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: CacheRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const elasticacheArn = (resource: string, name: string) =>
      stack.formatArn({
        service: 'elasticache',
        resource,
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: "Rotates the cache's token; invoked by Secrets Manager",
    });
    rotationProtocolStatements([props.secret.secretArn]).forEach((statement) => role.addToPolicy(statement));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );
    // The one user's passwords, and the states that say ElastiCache applied them.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        resources: [elasticacheArn('user', props.userId)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:DescribeUserGroups'],
        resources: [elasticacheArn('usergroup', props.userGroupId)],
      }),
    );
    acknowledgeWildcards(
      role,
      'secretsmanager:GetRandomPassword acts on no resource (Service Authorization Reference, AWS Secrets Manager).',
      [{ resource: '*' }],
    );
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      code: lambda.Code.fromAsset(lambdaBundleDir('cache-rotation')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // testSecret waits up to 10 minutes for ElastiCache to apply the new passwords (core/cache-rotation/wait-until.ts).
      timeout: Duration.minutes(15),
      role,
      environment: { [CACHE_ROTATION_ENVIRONMENT.userId]: props.userId },
      logGroup,
    });
    acknowledgeGuardRule(
      this.function,
      'lambda_inside_vpc_check',
      'It calls only the ElastiCache and Secrets Manager APIs (the password changes through ModifyUser), never the ' +
        'cache itself, so it needs no network path into the VPC.',
    );

    rotationSchedule(
      { scope: this, id: 'Invoke' },
      { scope: this, id: 'Schedule' },
      {
        secret: props.secret,
        rotationFunction: this.function,
        days: props.days,
        // A rate's window opens at midnight UTC and otherwise lasts the day (RotationRulesType): three hours keep the
        // rotation off the cache's snapshot (05:00) and maintenance (Sunday 06:30) windows.
        duration: '3h',
        after: props.after,
      },
    );
  }
}
