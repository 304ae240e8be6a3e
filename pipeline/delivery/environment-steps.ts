import { Resource } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { deploymentConfigName } from '../environment/deployment-config';
import type { EnvironmentStage } from '../environment/environment-stage';
import { environmentNames } from '../naming';
import { plainArn, roleArn } from '../partition';
import { NotifyingApprovalStep } from './approval-step';
import { CodeDeployEcsStep } from './codedeploy-ecs-step';
import { buildSpecStep } from './pipeline-steps';

export interface EnvironmentStepsProps {
  readonly application: string;
  readonly environment: EnvironmentConfig;
  readonly stage: EnvironmentStage;
  readonly source: pipelines.CodePipelineSource;
  readonly image: pipelines.CodeBuildStep;
  readonly approvalTopic: sns.ITopic;
  /** The environment deployed before this one; its URL goes into the approval. */
  readonly previous?: { readonly name: string; readonly integrationTests: pipelines.CodeBuildStep };
}

/** What the pipeline runs around one environment's CloudFormation deployment. */
export interface EnvironmentSteps {
  readonly pre: pipelines.Step[];
  readonly post: pipelines.Step[];
  readonly integrationTests: pipelines.CodeBuildStep;
}

/**
 * Before: an approval when the environment asks for one. After: render the deploy files from the
 * task definition CloudFormation registered, roll them out blue/green with CodeDeploy, then test
 * the environment's production URL.
 */
export function environmentSteps(scope: Construct, props: EnvironmentStepsProps): EnvironmentSteps {
  const { environment } = props;
  const names = environmentNames(props.application, environment.name);
  const readerRoleArn = roleArn(environment.region, environment.account, names.taskDefinitionReaderRole);

  const render = buildSpecStep('Render', {
    buildSpec: 'render.yml',
    input: props.source,
    additionalInputs: { image: props.image },
    primaryOutputDirectory: 'deploy',
    env: {
      ENVIRONMENT: environment.name,
      TARGET_REGION: environment.region,
      TASK_FAMILY: names.taskFamily,
      READER_ROLE_ARN: readerRoleArn,
    },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [readerRoleArn] })],
  });
  const blueGreen = new CodeDeployEcsStep('BlueGreen', {
    input: render.primaryOutput as pipelines.FileSet,
    deploymentGroup: importDeploymentGroup(scope, props.application, environment),
  });
  const integrationTests = buildSpecStep('IntegrationTests', {
    buildSpec: 'integration.yml',
    input: props.source,
    env: { ENVIRONMENT: environment.name },
    envFromCfnOutputs: { SERVICE_URL: props.stage.serviceStack.outputs.productionUrl },
  });
  integrationTests.addStepDependency(blueGreen);

  const pre: pipelines.Step[] = [];
  if (environment.approval) {
    const previousUrl = props.previous?.integrationTests.exportedVariable('SERVICE_URL');
    const lines = [
      `Deploy commit ${props.source.sourceAttribute('CommitId')} to ${environment.name}.`,
      `Image scan: ${props.image.exportedVariable('SCAN_VERDICT')}.`,
      props.previous && previousUrl ? `Running in ${props.previous.name} at ${previousUrl}.` : undefined,
    ];
    pre.push(
      new NotifyingApprovalStep('Approve', {
        topic: props.approvalTopic,
        comment: lines.filter((l) => l !== undefined).join(' '),
        reviewUrl: previousUrl,
      }),
    );
  }
  return { pre, post: [render, blueGreen, integrationTests], integrationTests };
}

/**
 * The deployment group lives in the environment's stack; passing the construct across the stage
 * boundary fails (aws-cdk #17911), so it is imported by its fixed names, with its real config.
 */
function importDeploymentGroup(scope: Construct, application: string, environment: EnvironmentConfig) {
  const names = environmentNames(application, environment.name);
  const id = `${environment.name}DeploymentGroup`;
  return codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(scope, id, {
    application: codedeploy.EcsApplication.fromEcsApplicationArn(
      scope,
      `${id}Application`,
      plainArn('codedeploy', environment.region, environment.account, `application:${names.codeDeployApplication}`),
    ),
    deploymentGroupName: names.deploymentGroup,
    deploymentConfig: new EnvironmentDeploymentConfig(
      scope,
      `${id}Config`,
      deploymentConfigName(environment.deployment, names.codeDeployApplication),
      environment,
    ),
  });
}

/**
 * A deployment config by name, in the environment's account. `fromEcsDeploymentConfigName` would
 * put the pipeline's account into its ARN, and the CodeDeploy action's role would then be granted
 * GetDeploymentConfig on a config that does not exist (AccessDenied at deploy time).
 */
class EnvironmentDeploymentConfig extends Resource implements codedeploy.IEcsDeploymentConfig {
  readonly deploymentConfigArn: string;

  constructor(
    scope: Construct,
    id: string,
    readonly deploymentConfigName: string,
    environment: EnvironmentConfig,
  ) {
    super(scope, id, { account: environment.account, region: environment.region });
    this.deploymentConfigArn = plainArn(
      'codedeploy',
      environment.region,
      environment.account,
      `deploymentconfig:${deploymentConfigName}`,
    );
  }

  get deploymentConfigRef(): codedeploy.DeploymentConfigReference {
    return { deploymentConfigName: this.deploymentConfigName };
  }
}
