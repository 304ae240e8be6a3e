import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as pipelines from 'aws-cdk-lib/pipelines';

export interface NotifyingApprovalStepProps {
  /** Published to when the approval starts waiting. */
  readonly topic: sns.ITopic;
  /** What the approver reads; may hold step outputs (commit, scan verdict), resolved at run time. */
  readonly comment: string;
  /** The page the approver should look at first (the previous environment's URL). @default - no link in the notification */
  readonly reviewUrl?: string;
}

/**
 * A manual approval that notifies an SNS topic. `pipelines.ManualApprovalStep` cannot notify, and
 * the approver should not have to watch the console to learn an approval is waiting.
 */
export class NotifyingApprovalStep extends pipelines.Step implements pipelines.ICodePipelineActionFactory {
  constructor(
    id: string,
    private readonly props: NotifyingApprovalStepProps,
  ) {
    super(id);
    // Makes the steps whose outputs the comment names run first and export their variables.
    this.discoverReferencedOutputs({ comment: props.comment, reviewUrl: props.reviewUrl });
  }

  produceAction(
    stage: codepipeline.IStage,
    options: pipelines.ProduceActionOptions,
  ): pipelines.CodePipelineActionFactoryResult {
    stage.addAction(
      new cpactions.ManualApprovalAction({
        actionName: options.actionName,
        runOrder: options.runOrder,
        notificationTopic: this.props.topic,
        additionalInformation: this.props.comment,
        externalEntityLink: this.props.reviewUrl,
      }),
    );
    return { runOrdersConsumed: 1 };
  }
}
