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
import { stepRole } from './step-role';

export interface EnvironmentStepsProps {
  readonly application: string;
  readonly environment: EnvironmentConfig;
  readonly stage: EnvironmentStage;
  readonly source: pipelines.CodePipelineSource;
  /** The step that gated the image; its output holds imageDetail.json with the image by digest. */
  readonly gatedImage: pipelines.CodeBuildStep;
  readonly approvalTopic: sns.ITopic;
  /** The environment deployed before this one; its URL goes into the approval. */
  readonly previous?: { readonly name: string; readonly integrationTests: pipelines.CodeBuildStep };
}

/** What the pipeline runs around one environment's CloudFormation deployment. */
export interface EnvironmentSteps {
  /**
   * The approval, when the environment asks for one. It runs in a stage of its own before the environment's stage,
   * so a deployment window on the environment's stage is checked after the approval, not before a wait of days.
   */
  readonly approval?: pipelines.Step;
  readonly post: pipelines.Step[];
  readonly integrationTests: pipelines.CodeBuildStep;
}

/**
 * After CloudFormation: render the deploy files from exactly the task definition revision CloudFormation
 * registered, roll them out blue/green with CodeDeploy, test the environment's production URL, then bake:
 * the stage fails while the environment's rollback alarm goes off within the bake time.
 */
export function environmentSteps(scope: Construct, props: EnvironmentStepsProps): EnvironmentSteps {
  const { environment } = props;
  const names = environmentNames(props.application, environment.name);
  const readerRoleArn = roleArn(environment.region, environment.account, names.taskDefinitionReaderRole);
  const alarmReaderRoleArn = roleArn(environment.region, environment.account, names.alarmReaderRole);
  const outputs = props.stage.serviceStack.outputs;

  const render = buildSpecStep('Render', {
    buildSpec: 'render.yml',
    input: props.source,
    additionalInputs: { image: props.gatedImage },
    primaryOutputDirectory: 'deploy',
    role: stepRole(scope, `${environment.name}RenderRole`, names.renderRole),
    env: { ENVIRONMENT: environment.name, TARGET_REGION: environment.region, READER_ROLE_ARN: readerRoleArn },
    envFromCfnOutputs: { TASK_DEFINITION_ARN: outputs.taskDefinitionArn },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [readerRoleArn] })],
  });
  const blueGreen = new CodeDeployEcsStep('BlueGreen', {
    input: render.primaryOutput as pipelines.FileSet,
    deploymentGroup: importDeploymentGroup(scope, props.application, environment),
    role: iam.Role.fromRoleArn(
      scope,
      `${environment.name}CodeDeployActionRole`,
      roleArn(environment.region, environment.account, names.codeDeployActionRole),
      { mutable: false },
    ),
  });
  const integrationTests = buildSpecStep('IntegrationTests', {
    buildSpec: 'integration.yml',
    input: props.source,
    env: { ENVIRONMENT: environment.name },
    envFromCfnOutputs: { SERVICE_URL: outputs.productionUrl },
  });
  integrationTests.addStepDependency(blueGreen);
  const bake = buildSpecStep('Bake', {
    buildSpec: 'bake.yml',
    input: props.source,
    role: stepRole(scope, `${environment.name}BakeRole`, names.bakeRole),
    env: { ENVIRONMENT: environment.name, READER_ROLE_ARN: alarmReaderRoleArn },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [alarmReaderRoleArn] })],
  });
  bake.addStepDependency(integrationTests);

  return {
    approval: environment.approval ? approvalStep(props) : undefined,
    post: [render, blueGreen, integrationTests, bake],
    integrationTests,
  };
}

function approvalStep(props: EnvironmentStepsProps): pipelines.Step {
  const previousUrl = props.previous?.integrationTests.exportedVariable('SERVICE_URL');
  const lines = [
    `Deploy commit ${props.source.sourceAttribute('CommitId')} to ${props.environment.name}.`,
    `Image scan: ${props.gatedImage.exportedVariable('SCAN_VERDICT')}.`,
    props.previous && previousUrl ? `Running in ${props.previous.name} at ${previousUrl}.` : undefined,
  ];
  return new NotifyingApprovalStep('Approve', {
    topic: props.approvalTopic,
    comment: lines.filter((l) => l !== undefined).join(' '),
    reviewUrl: previousUrl,
  });
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
 * put the pipeline's account into its ARN (the configuration names the environment's real config).
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
