import { RemovalPolicy } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroupKey } from '../policy/key-grants';

export interface BuildLogsProps {
  /** @default a year, the Control Tower baseline (CT.CLOUDWATCH.PR.2) */
  readonly retention?: logs.RetentionDays;
}

/**
 * One encrypted log group for every CodeBuild project of the pipeline (synth, self-mutation, asset
 * publishing, image, render, integration tests), so build logs are kept for a known time and each
 * project's role may write to this group only.
 */
export class BuildLogs extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BuildLogsProps = {}) {
    super(scope, id);
    const key = logGroupKey(this, 'Key', 'Encrypts the delivery pipeline build logs');
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }

  /** The `logging` option of a CodeBuild project. */
  get loggingOptions(): codebuild.LoggingOptions {
    return { cloudWatch: { logGroup: this.logGroup } };
  }
}
