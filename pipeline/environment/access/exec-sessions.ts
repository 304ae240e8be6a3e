import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';

export interface ExecSessionsProps {
  /** Encrypts the session log group, like every log group of the environment. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * What ECS Exec needs on the cluster when an environment turns it on: a key that encrypts the session data
 * between the operator and the container, and a log group, encrypted, where every session's commands and output
 * are kept (logging OVERRIDE). The services' task roles get the SSM channel, key and log permissions from CDK
 * when they enable execute command on this cluster.
 */
export class ExecSessions extends Construct {
  readonly configuration: ecs.ExecuteCommandConfiguration;

  constructor(scope: Construct, id: string, props: ExecSessionsProps) {
    super(scope, id);
    const sessionKey = new kms.Key(this, 'SessionKey', {
      description: 'Encrypts ECS Exec sessions between the operator and the container',
      enableKeyRotation: true,
    });
    restrictGrantsToAwsServices(sessionKey);
    const sessionLogs = new logs.LogGroup(this, 'SessionLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.configuration = {
      kmsKey: sessionKey,
      logging: ecs.ExecuteCommandLogging.OVERRIDE,
      logConfiguration: { cloudWatchLogGroup: sessionLogs, cloudWatchEncryptionEnabled: true },
    };
  }
}

/**
 * The two wildcards CDK grants a task role when its service enables execute command on a cluster with session
 * logging: the SSM message channels, which support no resource-level permissions, and the log streams of the
 * session log group, which are created per session.
 */
export function acknowledgeExecWildcards(taskRole: iam.IRole, cluster: ecs.ICluster): void {
  const sessionLogs = cluster.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroup;
  const wildcards: { resource: string }[] = [{ resource: '*' }];
  if (sessionLogs) {
    const logStreams = Stack.of(taskRole).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${sessionLogs.logGroupRef.logGroupName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    wildcards.push({ resource: logStreams });
  }
  acknowledgeWildcards(
    taskRole,
    'ECS Exec: ssmmessages channels take no resource ARN; session log streams are created per session',
    wildcards,
  );
}
