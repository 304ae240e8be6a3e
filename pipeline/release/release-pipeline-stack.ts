import { Aspects, CfnOutput, Lazy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { PipelineConfig } from '../../model/config';
import { imageBuilders } from '../../model/config/image-builders';
import { CANDIDATE_INCLUDES } from '../../model/candidate-layout';
import { guardrailsParameterName } from '../../model/guardrails-parameter';
import {
  HANDOFF_KEY,
  handoffBucketName,
  handoffKeyAlias,
  handoffStepRoleName,
  imageRepositoryName,
  releasePipelineName,
  releasePipelineRoleName,
  releaseVerifyRoleName,
} from '../../model/naming';
import { registryHost } from '../../model/image-regions';
import {
  PROTECTED_ACCOUNTS_OUTPUT,
  releaseAccountOf,
  releaseSplit,
  SECRET_ACCOUNTS_VARIABLE,
} from '../../model/release-split';
import { sharedSecretAccounts } from '../../model/config/service-values';
import { TOOL_PACKAGE, toolVersion } from '../../model/tool-files';
import { ArtifactStore } from '../delivery/artifact-store';
import { BuildLogs } from '../delivery/build-logs';
import { hardenCrossRegionArtifacts } from '../delivery/cross-region-artifacts';
import type { ReleasedEnvironment } from '../delivery/delivery-pipeline-stack';
import { PipelineNotifications } from '../delivery/pipeline-notifications';
import { approvalStageName, stageConditions } from '../delivery/stage-conditions';
import { codeBuildPrincipal } from '../delivery/step-role';
import { plainArn, roleArn } from '../partition';
import { HandoffBucket } from './handoff-bucket';
import { acknowledgeReleaseRoles } from './release-acknowledgements';
import { ReleaseProject, type PinnedTool } from './release-project';
import { ENHANCED_SCAN_WILDCARD, enhancedScanFindings } from '../delivery/pipeline-steps';
import { acknowledgeWildcards } from '../policy/acknowledge';
import { releaseStageActions } from './release-stage';
import { ReleaseSources } from './release-sources';
import { RESYNTHESIZED_ARTIFACT, ResynthesisProject } from './resynthesis-project';
import { pinRolesToProjects } from '../delivery/step-role';
import { ConfusedDeputyConditions } from '../policy/confused-deputy';

export interface ReleasePipelineStackProps extends StackProps {
  readonly config: PipelineConfig;
  /** The protected environments, in order, with the stages the delivery pipeline synthesizes for them. */
  readonly released: readonly ReleasedEnvironment[];
  /**
   * The tool every CodeBuild action installs and runs: the version that synthesized this stack, so what judges and
   * deploys a candidate changes only when the platform team deploys this stack again.
   * @default - this tool's package at its own version, without an integrity check
   */
  readonly tool?: PinnedTool;
}

/**
 * The release pipeline of the protected environments (README, "Protected environments: the release pipeline"):
 * CodePipeline V2, not self-mutating, one run at a time (QUEUED). Sources: the candidate's S3 object version and
 * the commit it names, fetched through the release account's connection (release-sources.ts) → Resynthesize (that
 * commit, in a build that holds nothing) → Verify (the pinned tool: hash, the candidate is what the commit synthesizes,
 * preflight, guardrails) → per protected environment: approval showing the commit,
 * the images and the hash → Deploy exactly those templates (assets published now) → render, release task,
 * CodeDeploy blue/green, frontend, bake. The platform team deploys it with `cdk deploy <application>-release`; no
 * pipeline updates it.
 */
export class ReleasePipelineStack extends Stack {
  readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: ReleasePipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    const tool = props.tool ?? { spec: `${TOOL_PACKAGE}@${toolVersion()}` };
    const handoff = new HandoffBucket(this, 'Handoff', {
      bucketName: handoffBucketName(config.application, releaseAccountOf(config), config.pipeline.region),
      keyAlias: handoffKeyAlias(config.application),
      writerRoleArn: roleArn(
        config.pipeline.region,
        config.pipeline.account,
        handoffStepRoleName(config.application, config.pipeline.region),
      ),
      writerAccount: config.pipeline.account,
      objectKey: HANDOFF_KEY,
    });
    const artifacts = new ArtifactStore(this, 'Artifacts');
    const logs = new BuildLogs(this, 'BuildLogs');
    const notifications = new PipelineNotifications(this, 'Notifications', {
      emails: config.notifications.emails,
      chatbotSlackChannelArn: config.notifications.chatbotSlackChannelArn,
    });
    const role = new iam.Role(this, 'PipelineRole', {
      // Named: the protected environments' CodeDeploy action roles trust exactly this role.
      roleName: releasePipelineRoleName(config.application, config.pipeline.region),
      assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });

    const sources = new ReleaseSources(this, 'Sources', {
      config,
      handoff,
      pipelineRole: role,
      failures: notifications.topic,
    });
    const { candidate } = sources;
    const resynthesized = new codepipeline.Artifact(RESYNTHESIZED_ARTIFACT);
    const resynthesize = new cpactions.CodeBuildAction({
      actionName: 'Resynthesize',
      runOrder: 1,
      project: new ResynthesisProject(this, 'Resynthesis', {
        artifactBucket: artifacts.bucket,
        artifactKey: artifacts.key,
      }).project,
      input: sources.commit,
      outputs: [resynthesized],
      variablesNamespace: 'Resynthesize',
    });
    const verifyRole = new iam.Role(this, 'VerifyRole', {
      roleName: releaseVerifyRoleName(config.application, config.pipeline.region),
      assumedBy: codeBuildPrincipal(this),
    });
    verifyRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          this.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: guardrailsParameterName(config).replace(/^\//, ''),
          }),
        ],
      }),
    );
    // Verify judges the images' scans again with this stack's tool: the application's own repositories, by digest.
    verifyRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
        resources: imageBuilders(config.services).map((builder) =>
          plainArn(
            'ecr',
            config.pipeline.region,
            config.pipeline.account,
            `repository/${imageRepositoryName(config.application, builder.name)}`,
          ),
        ),
      }),
    );
    verifyRole.addToPrincipalPolicy(enhancedScanFindings());
    acknowledgeWildcards(verifyRole, ENHANCED_SCAN_WILDCARD, [{ resource: '*' }]);
    const verify = new cpactions.CodeBuildAction({
      actionName: 'Verify',
      project: new ReleaseProject(this, 'Verify', {
        buildSpec: 'verify.yml',
        tool,
        role: verifyRole,
        encryptionKey: artifacts.key,
        logging: logs.loggingOptions,
        environmentVariables: {
          PIPELINE_CONFIG: CANDIDATE_INCLUDES.config,
          GUARDRAILS_PARAMETER: guardrailsParameterName(config),
          // The environments this stack deploys and their assemblies: the candidate's manifest must name exactly these.
          RELEASE_STAGES: props.released
            .map(({ environment, stage }) => `${environment.name}=${stage.artifactId}`)
            .join(','),
          IMAGE_REPOSITORY_PREFIX: `${registryHost(config.pipeline.account, config.pipeline.region)}/${imageRepositoryName(config.application, '')}`,
          // What this stack owns, not what the candidate says: the only principals of this account a protected
          // template may trust (handoff verify --release-account/--release-roles). Lazy: the stage roles come later.
          RELEASE_ACCOUNT: this.account,
          RELEASE_ROLES: Lazy.string({ produce: () => ownedRoleNames(this).join(',') }),
          // The accounts whose secrets the reviewed configuration lets protected tasks read (handoff verify
          // --secret-accounts): a candidate naming another account's secret is refused.
          [SECRET_ACCOUNTS_VARIABLE]: sharedSecretAccounts(config).join(','),
        },
      }).project,
      input: candidate,
      extraInputs: [sources.commit, resynthesized],
      runOrder: 2,
      environmentVariables: {
        COMMIT_ID: { value: sources.commitId },
        SYNTHESIS_HASH: { value: resynthesize.variable('SYNTHESIS_HASH') },
      },
      variablesNamespace: 'Verify',
    });
    // The commit CodePipeline fetched, which Verify found the candidate to be (handoff match), not the hand-off's word.
    const verified = { hash: verify.variable('CANDIDATE_HASH'), commit: sources.commitId };

    const stages: codepipeline.StageProps[] = [
      { stageName: 'Source', actions: [sources.candidateAction, sources.repositoryAction] },
      { stageName: 'Verify', actions: [resynthesize, verify] },
    ];
    for (const { environment, stage } of props.released) {
      stages.push({
        stageName: approvalStageName(environment.name),
        actions: [
          new cpactions.ManualApprovalAction({
            actionName: 'Approve',
            notificationTopic: notifications.topic,
            additionalInformation:
              // The commit this run fetched from the repository itself, and the candidate is what it synthesizes.
              `Deploy commit ${verified.commit} of ${config.source.repository} to ${environment.name}: ` +
              `candidate SHA-256 ${verified.hash} ` +
              `(hand-off object version ${sources.candidateAction.variables.versionId}), ` +
              // Templates, configuration and suite are that commit's (handoff match); images and the frontend build
              // are the delivery pipeline's (README, "The approval binds to one commit").
              `templates, configuration and suite as that commit synthesizes them, images ${verify.variable('IMAGES')} ` +
              `and frontend as the delivery pipeline built them, running before the hand-off at ${verify.variable('REVIEW_URL')}. ` +
              'Only this candidate deploys after this approval.',
          }),
        ],
      });
      stages.push({
        stageName: environment.name,
        actions: releaseStageActions(this, {
          config,
          environment,
          stage,
          candidate,
          verified,
          tool,
          artifactKey: artifacts.key,
          logging: logs.loggingOptions,
        }),
      });
    }
    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: releasePipelineName(config.application),
      pipelineType: codepipeline.PipelineType.V2,
      executionMode: codepipeline.ExecutionMode.QUEUED,
      role,
      artifactBucket: artifacts.bucket,
      // A protected environment in another region gets a replication bucket there; its actions run in the
      // environment's account, so that bucket needs a KMS key the account can be granted.
      crossAccountKeys: true,
      enableKeyRotation: true,
      // Its own replication stacks, never the delivery pipeline's, which a commit's self-mutation redeploys.
      reuseCrossRegionSupportStacks: false,
      restartExecutionOnUpdate: false,
      // Source and approval run as the pipeline role, which may start every action anyway.
      usePipelineRoleForActions: true,
      stages,
    });
    const cfn = this.pipeline.node.defaultChild as codepipeline.CfnPipeline;
    this.pipeline.stages.forEach((stage, index) => {
      const environment = props.released.find((r) => r.environment.name === stage.stageName)?.environment;
      if (!environment) return;
      for (const [key, value] of Object.entries(stageConditions(environment, role.roleArn))) {
        cfn.addPropertyOverride(`Stages.${index}.${key}`, value);
      }
    });
    notifications.watchPipeline(this.pipeline);
    Aspects.of(this).add(new ConfusedDeputyConditions());
    // The release steps' fixed-name roles may reach the protected accounts: no other project may run as them.
    pinRolesToProjects(this.node.findAll().filter((c): c is codebuild.Project => c instanceof codebuild.Project));
    // A protected environment in another region gets CDK's replication bucket there, kept like the artifact bucket.
    hardenCrossRegionArtifacts(this.pipeline, artifacts.artifactDays);
    acknowledgeReleaseRoles(this, this.pipeline, artifacts);
    new CfnOutput(this, PROTECTED_ACCOUNTS_OUTPUT, {
      description: 'The protected accounts: only this stack may act in them (preflight rule protected-account-reach)',
      value: releaseSplit(config).protectedAccounts.join(','),
    });
  }
}

/** The fixed names of the roles this stack creates. */
function ownedRoleNames(stack: Stack): string[] {
  return stack.node
    .findAll()
    .filter((c): c is iam.CfnRole => c instanceof iam.CfnRole)
    .map((role) => role.roleName)
    .filter((name): name is string => name !== undefined && !Token.isUnresolved(name))
    .sort();
}
