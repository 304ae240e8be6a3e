import { type CfnOutput, Duration, Resource } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { EnvironmentConfig, ReleaseTaskConfig, ServiceConfig, WebService } from '../../model/config';
import { deploymentConfigName } from '../../model/deployment-config';
import type { EnvironmentStage } from '../environment/environment-stage';
import { SUITE_SOURCE_KEY } from '../environment/deployment/integration-suite-source';
import { environmentNames, serviceNames } from '../../model/naming';
import { plainArn, roleArn } from '../partition';
import { CodeDeployEcsStep } from './codedeploy-ecs-step';
import { environmentRole } from './environment-role';
import { rollWorkersStep } from './roll-workers-step';
import { buildSpecStep } from './pipeline-steps';
import { repointStep } from './repoint-step';
import type { ServiceImages } from './service-images';
import { stepRole } from './step-role';

export interface EnvironmentStepsProps {
  readonly application: string;
  /** The pipeline's region: the pipeline-account roles' names carry it (naming.ts). */
  readonly pipelineRegion: string;
  readonly environment: EnvironmentConfig;
  readonly stage: EnvironmentStage;
  readonly source: pipelines.CodePipelineSource;
  /** Every service's gated image; a gate's output holds imageDetail.json with the image by digest. */
  readonly images: ServiceImages;
}

/** What the pipeline runs around one environment's CloudFormation deployment. */
export interface EnvironmentSteps {
  readonly post: pipelines.Step[];
  /** The last step; it exports the environment's URL (SERVICE_URL) for the approver of the hand-off's candidate. */
  readonly bake: pipelines.CodeBuildStep;
}

/**
 * After CloudFormation, per web service: render the deploy files from exactly the task definition revision
 * CloudFormation registered, run its release task (migration) when it has one, and roll it out blue/green with
 * CodeDeploy (the lifecycle hooks check green, then production after the shift). The web services deploy side by
 * side. After every release task, RollWorkers moves the workers to their new revision. Then bake: the stage fails
 * while the environment's rollback alarm goes off within the bake time.
 */
export function environmentSteps(scope: Construct, props: EnvironmentStepsProps): EnvironmentSteps {
  const { environment } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const readerRoleArn = roleArn(environment.region, environment.account, names.taskDefinitionReaderRole);
  const alarmReaderRoleArn = roleArn(environment.region, environment.account, names.alarmReaderRole);
  const stack = props.stage.serviceStack;
  const renderRole = stepRole(scope, `${environment.name}RenderRole`, names.renderRole);
  const codeDeployActionRole = environmentRole(
    scope,
    `${environment.name}CodeDeployActionRole`,
    roleArn(environment.region, environment.account, names.codeDeployActionRole),
  );

  const suite = props.stage.serviceStack.suiteBucket && suiteStep(scope, props, props.stage.serviceStack.suiteBucket);
  // Before any render or blue/green deployment: the stack update may have reset a traffic listener (aws-cdk#36649).
  const repoint = props.images.images.some(({ service }) => service.kind === 'web')
    ? repointStep(scope, props)
    : undefined;
  // Each web service: render its deploy files, then its own blue/green deployment. The services do not depend on
  // each other, so their deployments run side by side.
  const releases: pipelines.Step[] = [];
  const perService = props.images.images
    .filter(({ service }) => service.kind === 'web')
    .map(({ service, gated, repository, copies }): pipelines.Step[] => {
      const suffix = service.legacyNames ? '' : `-${service.name}`;
      const render = buildSpecStep(`Render${suffix}`, {
        buildSpec: 'render.yml',
        input: props.source,
        additionalInputs: { image: gated },
        primaryOutputDirectory: 'deploy',
        role: renderRole,
        env: {
          ENVIRONMENT: environment.name,
          SERVICE: service.name,
          TARGET_REGION: environment.region,
          READER_ROLE_ARN: readerRoleArn,
          // The gated digest, pulled from the repository in the environment's own region.
          IMAGE_REPOSITORY_URI:
            copies.find((copy) => copy.region === environment.region)?.repositoryUri ??
            repository.repository.repositoryUri,
        },
        envFromCfnOutputs: { TASK_DEFINITION_ARN: stack.serviceOutputs[service.name].taskDefinitionArn },
        rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [readerRoleArn] })],
      });
      if (repoint) render.addStepDependency(repoint);
      const blueGreen = new CodeDeployEcsStep(`BlueGreen${suffix}`, {
        input: render.primaryOutput as pipelines.FileSet,
        deploymentGroup: importDeploymentGroup(scope, props, service),
        role: codeDeployActionRole,
      });
      const release = service.release && releaseStep(scope, props, service, service.release, `Release${suffix}`);
      if (release) {
        releases.push(release);
        blueGreen.addStepDependency(release);
      }
      if (suite) blueGreen.addStepDependency(suite);
      return [render, ...(release ? [release] : []), blueGreen];
    });
  // The workers move after every release task (a migration first, then the new worker code) and after every web
  // service's blue/green deployment: a web deployment that fails or rolls back leaves the workers on the old code too.
  const workers = props.images.images.map(({ service }) => service).filter((service) => service.kind === 'worker');
  const rollWorkers = workers.length > 0 ? rollWorkersStep(scope, { ...props, stack, workers }) : undefined;
  for (const step of [...releases, ...perService.map((steps) => steps[steps.length - 1])]) {
    rollWorkers?.addStepDependency(step);
  }
  // The smoke checks run inside each deployment (AfterAllowTraffic), while blue still stands; the bake then
  // watches the environment's alarms before the next environment may start.
  const bake = buildSpecStep('Bake', {
    buildSpec: 'bake.yml',
    input: props.source,
    role: stepRole(scope, `${environment.name}BakeRole`, names.bakeRole),
    env: { ENVIRONMENT: environment.name, READER_ROLE_ARN: alarmReaderRoleArn },
    envFromCfnOutputs: { SERVICE_URL: stack.productionUrl },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [alarmReaderRoleArn] })],
  });
  for (const step of [...perService.flat(), ...(rollWorkers ? [rollWorkers] : [])]) bake.addStepDependency(step);

  return {
    post: [
      ...(suite ? [suite] : []),
      ...(repoint ? [repoint] : []),
      ...perService.flat(),
      ...(rollWorkers ? [rollWorkers] : []),
      bake,
    ],
    bake,
  };
}

/**
 * Runs a web service's release task (a migration) on the revision CloudFormation registered, before its
 * blue/green deployment, through the environment's release role.
 */
function releaseStep(
  scope: Construct,
  props: EnvironmentStepsProps,
  service: WebService,
  task: ReleaseTaskConfig,
  id: string,
): pipelines.CodeBuildStep {
  const { environment } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const releaseRoleArn = roleArn(environment.region, environment.account, names.releaseRole);
  const outputs = props.stage.serviceStack.serviceOutputs[service.name];
  if (!outputs.release)
    throw new Error(`service '${service.name}' declares a release task but its stack has no release outputs`);
  const existing = scope.node.tryFindChild(`${environment.name}ReleaseStepRole`) as iam.Role | undefined;
  return buildSpecStep(id, {
    buildSpec: 'release.yml',
    input: props.source,
    role: existing ?? stepRole(scope, `${environment.name}ReleaseStepRole`, names.releaseStepRole),
    timeout: Duration.minutes(task.timeoutMinutes + 10),
    env: {
      ENVIRONMENT: environment.name,
      SERVICE: service.name,
      RELEASE_ROLE_ARN: releaseRoleArn,
      CONTAINER: task.container ?? service.containerName,
      RELEASE_COMMAND: task.command,
      TIMEOUT_SECONDS: String(task.timeoutMinutes * 60),
    },
    envFromCfnOutputs: {
      TASK_DEFINITION_ARN: outputs.taskDefinitionArn,
      SUBNETS: outputs.release.subnets,
      SECURITY_GROUPS: outputs.release.securityGroups,
    },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [releaseRoleArn] })],
  });
}

/** Puts this commit's source where the environment's integration suite reads it, before the deployments. */
function suiteStep(scope: Construct, props: EnvironmentStepsProps, bucket: CfnOutput): pipelines.CodeBuildStep {
  const { environment } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const uploadRoleArn = roleArn(environment.region, environment.account, names.suiteUploadRole);
  return buildSpecStep('StageSuite', {
    buildSpec: 'stage-suite.yml',
    input: props.source,
    role: stepRole(scope, `${environment.name}SuiteStepRole`, names.suiteStepRole),
    env: { UPLOAD_ROLE_ARN: uploadRoleArn, SUITE_KEY: SUITE_SOURCE_KEY, TARGET_REGION: environment.region },
    envFromCfnOutputs: { SUITE_BUCKET: bucket },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [uploadRoleArn] })],
  });
}

/**
 * The deployment group lives in the environment's stack; passing the construct across the stage
 * boundary fails (aws-cdk #17911), so it is imported by its fixed names, with its real config.
 */
export function importDeploymentGroup(
  scope: Construct,
  props: Pick<EnvironmentStepsProps, 'application' | 'environment' | 'pipelineRegion'>,
  service: ServiceConfig,
) {
  const { application, environment } = props;
  const names = environmentNames(application, environment, props.pipelineRegion);
  const id = `${environment.name}${service.legacyNames ? '' : `-${service.name}`}DeploymentGroup`;
  return codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(scope, id, {
    application: codedeploy.EcsApplication.fromEcsApplicationArn(
      scope,
      `${id}Application`,
      plainArn('codedeploy', environment.region, environment.account, `application:${names.codeDeployApplication}`),
    ),
    deploymentGroupName: serviceNames(application, environment, service).deploymentGroup,
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
