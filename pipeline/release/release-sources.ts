import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../../model/config';
import { RELEASE_START_ENVIRONMENT } from '../../model/lambda-contracts';
import { HANDOFF_KEY, releasePipelineName } from '../../model/naming';
import { releaseConnectionOf } from '../../model/release-split';
import { lambdaBundleDir } from '../../model/tool-files';
import { allowConnectionUse, restrictConnectionToRepository } from '../delivery/pipeline-roles';
import { acknowledgeGuardRule, acknowledgeWildcards } from '../policy/acknowledge';
import { logGroupKey } from '../policy/key-grants';
import type { HandoffBucket } from './handoff-bucket';

/** The source actions; the release-start function's overrides name them. */
const CANDIDATE_ACTION = 'Candidate';
const REPOSITORY_ACTION = 'Repository';

export interface ReleaseSourcesProps {
  readonly config: PipelineConfig;
  readonly handoff: HandoffBucket;
  /** The release pipeline's role, which runs its source actions. */
  readonly pipelineRole: iam.IRole;
  /** Where a hand-off that could not start a run is reported. */
  readonly failures: sns.ITopic;
}

/**
 * The release pipeline's two sources and what starts a run (README, "The approval binds to one commit"). A new version
 * of the hand-off object starts one run, through the release-start function, with source revision overrides: the
 * Candidate action reads exactly that version, and the Repository action fetches, through the release account's own
 * connection, the commit the hand-off names. So the commit the approval shows is one CodePipeline read itself; Verify
 * compares the candidate with what that commit synthesizes. Neither source starts a run by itself.
 */
export class ReleaseSources extends Construct {
  readonly candidate = new codepipeline.Artifact('Candidate');
  /** The commit's files; the name is CodeBuild's `CODEBUILD_SRC_DIR_Commit` in the actions that read it. */
  readonly commit = new codepipeline.Artifact('Commit');
  readonly candidateAction: cpactions.S3SourceAction;
  readonly repositoryAction: cpactions.CodeStarConnectionsSourceAction;

  constructor(scope: Construct, id: string, props: ReleaseSourcesProps) {
    super(scope, id);
    const { config } = props;
    const connectionArn = releaseConnectionOf(config);
    this.candidateAction = new cpactions.S3SourceAction({
      actionName: CANDIDATE_ACTION,
      bucket: props.handoff.bucket,
      bucketKey: HANDOFF_KEY,
      output: this.candidate,
      trigger: cpactions.S3Trigger.NONE,
      variablesNamespace: 'Source',
    });
    const [owner, repo] = config.source.repository.split('/');
    this.repositoryAction = new cpactions.CodeStarConnectionsSourceAction({
      actionName: REPOSITORY_ACTION,
      connectionArn,
      owner,
      repo,
      branch: config.source.branch,
      output: this.commit,
      // A push starts the delivery pipeline, never this one: a run always names its commit.
      triggerOnPush: false,
      variablesNamespace: REPOSITORY_ACTION,
    });
    allowConnectionUse(props.pipelineRole, connectionArn);
    restrictConnectionToRepository(props.pipelineRole, connectionArn, config.source.repository);
    this.startRunsOnHandoff(props);
  }

  /** `#{Repository.CommitId}`: the commit this run fetched. */
  get commitId(): string {
    return this.repositoryAction.variables.commitId;
  }

  private startRunsOnHandoff(props: ReleaseSourcesProps): void {
    const stack = Stack.of(this);
    const pipelineName = releasePipelineName(props.config.application);
    const logGroup = new logs.LogGroup(this, 'StartLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: logGroupKey(this, 'StartLogKey', 'Encrypts the release-start function logs'),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'StartRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: 'Starts the release pipeline on a new hand-off version, with its candidate version and commit',
    });
    logGroup.grantWrite(role);
    // HeadObject of a version: its metadata names the commit. No kms:Decrypt: a HEAD returns no content.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.handoff.bucket.arnForObjects(HANDOFF_KEY)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['codepipeline:StartPipelineExecution'],
        resources: [stack.formatArn({ service: 'codepipeline', resource: pipelineName })],
      }),
    );
    const fn = new lambda.Function(this, 'Start', {
      code: lambda.Code.fromAsset(lambdaBundleDir('release-start')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(60),
      role,
      logGroup,
      environment: {
        [RELEASE_START_ENVIRONMENT.pipelineName]: pipelineName,
        [RELEASE_START_ENVIRONMENT.bucket]: props.handoff.bucket.bucketName,
        [RELEASE_START_ENVIRONMENT.key]: HANDOFF_KEY,
        [RELEASE_START_ENVIRONMENT.candidateAction]: CANDIDATE_ACTION,
        [RELEASE_START_ENVIRONMENT.repositoryAction]: REPOSITORY_ACTION,
      },
      // Lambda retries a failed asynchronous invocation twice (a throttle, an S3 read racing the put); a start that
      // still fails is reported, so no hand-off is dropped unseen.
      retryAttempts: 2,
      onFailure: new destinations.SnsDestination(props.failures),
    });
    acknowledgeWildcards(
      role,
      'Grant shape of aws-kms on the notification topic key the function reports a failed start under.',
      [{ action: 'kms:GenerateDataKey*' }],
    );
    acknowledgeGuardRule(
      fn,
      'lambda_inside_vpc_check',
      'The release account has no VPC: the function calls only the public S3 and CodePipeline APIs, once per hand-off, ' +
        'and reaches nothing inside a network.',
    );
    new events.Rule(this, 'CandidateArrived', {
      description: 'Starts the release pipeline when the delivery pipeline hands off a candidate',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.handoff.bucket.bucketName] }, object: { key: [HANDOFF_KEY] } },
      },
      targets: [new targets.LambdaFunction(fn)],
    });
  }
}
