import { type CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { bootstrapRoleName, environmentNames } from '../../model/naming';
import { CANDIDATE_INCLUDES } from '../../model/candidate-layout';
import { roleArn } from '../partition';
import { SUITE_SOURCE_KEY } from '../environment/deployment/integration-suite-source';
import type { EnvironmentStage } from '../environment/environment-stage';
import { environmentRole } from '../delivery/environment-role';
import { importDeploymentGroup } from '../delivery/environment-steps';
import { apiBaseUrl } from '../delivery/frontend-steps';
import { REPOINT_STEP } from '../delivery/repoint-step';
import { ROLL_WORKERS_TIMEOUT_MINUTES, workerTaskDefinitionVariables } from '../delivery/roll-workers-step';
import { stepRole } from '../delivery/step-role';
import { IMAGE_PLACEHOLDER_NAME } from '../../model/placeholders';
import { ReleaseProject, type PinnedTool } from './release-project';
import { registryHost } from '../../model/image-regions';

/** What the Verify action exports, for the approval and every later step. */
export interface VerifiedCandidateVariables {
  readonly hash: string;
  readonly commit: string;
}

export interface ReleaseStageProps {
  readonly config: PipelineConfig;
  readonly environment: EnvironmentConfig;
  readonly stage: EnvironmentStage;
  /** The candidate artifact of this run (the S3 source's output). */
  readonly candidate: codepipeline.Artifact;
  readonly verified: VerifiedCandidateVariables;
  readonly tool: PinnedTool;
  readonly artifactKey: kms.IKey;
  readonly logging: codebuild.LoggingOptions;
}

/**
 * The actions of one protected environment, after its approval: Deploy (`cdk deploy` of the approved assembly), the
 * listener re-point (aws-cdk#36649), then per web service render (and the integration suite's source), release task,
 * CodeDeploy blue/green, then the workers' move to their new revision (RollWorkers) beside the frontend, and the
 * bake. Every CodeBuild action runs the pinned tool and first re-checks the approved hash.
 */
export function releaseStageActions(scope: Construct, props: ReleaseStageProps): codepipeline.IAction[] {
  const { config, environment, stage } = props;
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const stack = stage.serviceStack;
  const envRole = (name: string) => roleArn(environment.region, environment.account, name);
  const id = (what: string) => `${environment.name}${what}`;
  const outputs: Record<string, string> = {};
  const fromDeploy = (output: CfnOutput): string => {
    const variable = `OUT_${Object.keys(outputs).length}`;
    outputs[variable] = outputPath(output);
    return `#{${id('Deploy')}.${variable}}`;
  };
  const project = (
    what: string,
    buildSpec: string,
    role: iam.IRole,
    variables: Record<string, string>,
    output?: string,
  ) =>
    new ReleaseProject(scope, id(what), {
      buildSpec,
      tool: props.tool,
      role,
      encryptionKey: props.artifactKey,
      logging: props.logging,
      environmentVariables: { PIPELINE_CONFIG: CANDIDATE_INCLUDES.config, ENVIRONMENT: environment.name, ...variables },
      outputDirectory: output,
    }).project;
  const action = (
    name: string,
    runOrder: number,
    built: codebuild.IProject,
    variables: Record<string, string>,
    outputsTo?: codepipeline.Artifact,
  ) =>
    new cpactions.CodeBuildAction({
      actionName: name,
      runOrder,
      project: built,
      input: props.candidate,
      outputs: outputsTo ? [outputsTo] : undefined,
      variablesNamespace: name === 'Deploy' ? id('Deploy') : undefined,
      environmentVariables: Object.fromEntries(
        Object.entries({ APPROVED_HASH: props.verified.hash, ...variables }).map(([k, value]) => [k, { value }]),
      ),
    });
  const assumeStatement = (...arns: string[]) =>
    new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: arns });

  // The actions after Deploy name its outputs (fromDeploy); Deploy's project exports them, so it is built last.
  const actions: codepipeline.IAction[] = [];
  const perService = config.services.filter((s) => s.kind === 'web');
  const renderRole = stepRole(scope, id('RenderRole'), names.renderRole);
  renderRole.addToPrincipalPolicy(assumeStatement(envRole(names.taskDefinitionReaderRole)));
  const releaseRole = perService.some((s) => s.kind === 'web' && s.release)
    ? stepRole(scope, id('ReleaseStepRole'), names.releaseStepRole)
    : undefined;
  releaseRole?.addToPrincipalPolicy(assumeStatement(envRole(names.releaseRole)));
  const codeDeployRole = environmentRole(scope, id('CodeDeployActionRole'), envRole(names.codeDeployActionRole));

  if (perService.length > 0) {
    const role = stepRole(scope, id('RepointStepRole'), names.repointStepRole);
    role.addToPrincipalPolicy(assumeStatement(envRole(names.listenerRepointRole)));
    const vars = { REPOINT_ROLE_ARN: envRole(names.listenerRepointRole) };
    actions.push(action(REPOINT_STEP, 2, project(REPOINT_STEP, 'repoint-listeners.yml', role, vars), {}));
  }
  for (const service of perService) {
    if (service.kind !== 'web') continue;
    const suffix = service.legacyNames ? '' : `-${service.name}`;
    const serviceOutputs = stack.serviceOutputs[service.name];
    const rendered = new codepipeline.Artifact(`${environment.name}Deploy${suffix.replace(/-/g, '')}`);
    const renderVariables = {
      SERVICE: service.name,
      TARGET_REGION: environment.region,
      // The manifest names the image in the pipeline's region; the environment pulls its own region's copy.
      IMAGE_REGISTRY: registryHost(config.pipeline.account, environment.region),
      READER_ROLE_ARN: envRole(names.taskDefinitionReaderRole),
    };
    const taskDefinition = fromDeploy(serviceOutputs.taskDefinitionArn);
    actions.push(
      action(
        `Render${suffix}`,
        3,
        project(`Render${suffix}`, 'render.yml', renderRole, renderVariables, 'deploy'),
        {
          TASK_DEFINITION_ARN: taskDefinition,
        },
        rendered,
      ),
    );
    if (service.release && releaseRole) {
      if (!serviceOutputs.release)
        throw new Error(`service '${service.name}' has a release task but no release outputs`);
      const task = service.release;
      const releaseVariables = {
        SERVICE: service.name,
        RELEASE_ROLE_ARN: envRole(names.releaseRole),
        CONTAINER: task.container ?? service.containerName,
        RELEASE_COMMAND: task.command,
        TIMEOUT_SECONDS: String(task.timeoutMinutes * 60),
      };
      const runtime = {
        TASK_DEFINITION_ARN: taskDefinition,
        SUBNETS: fromDeploy(serviceOutputs.release.subnets),
        SECURITY_GROUPS: fromDeploy(serviceOutputs.release.securityGroups),
      };
      const built = project(`Release${suffix}`, 'release-task.yml', releaseRole, releaseVariables);
      (built.node.defaultChild as codebuild.CfnProject).timeoutInMinutes = task.timeoutMinutes + 10;
      actions.push(action(`Release${suffix}`, 4, built, runtime));
    }
    actions.push(
      new cpactions.CodeDeployEcsDeployAction({
        actionName: `BlueGreen${suffix}`,
        runOrder: 5,
        role: codeDeployRole,
        deploymentGroup: importDeploymentGroup(
          scope,
          { application: config.application, environment, pipelineRegion: config.pipeline.region },
          service,
        ),
        taskDefinitionTemplateInput: rendered,
        appSpecTemplateInput: rendered,
        containerImageInputs: [{ input: rendered, taskDefinitionPlaceholder: IMAGE_PLACEHOLDER_NAME }],
      }),
    );
  }

  // After every release task (runOrder 4) and blue/green deployment (5): the workers move to the revisions Deploy registered.
  const workers = config.services.filter((s) => s.kind === 'worker');
  if (workers.length > 0) {
    const role = stepRole(scope, id('RollWorkersStepRole'), names.rollWorkersStepRole);
    role.addToPrincipalPolicy(assumeStatement(envRole(names.workerRollerRole)));
    const vars = {
      ROLLER_ROLE_ARN: envRole(names.workerRollerRole),
      TIMEOUT_SECONDS: String(ROLL_WORKERS_TIMEOUT_MINUTES * 60),
    };
    const built = project('RollWorkers', 'roll-workers.yml', role, vars);
    (built.node.defaultChild as codebuild.CfnProject).timeoutInMinutes = ROLL_WORKERS_TIMEOUT_MINUTES + 10;
    const revisions = workerTaskDefinitionVariables(workers, (w) =>
      fromDeploy(stack.serviceOutputs[w.name].taskDefinitionArn),
    );
    actions.push(action('RollWorkers', 6, built, revisions));
  }

  if (stack.suiteBucket) {
    const role = stepRole(scope, id('SuiteStepRole'), names.suiteStepRole);
    role.addToPrincipalPolicy(assumeStatement(envRole(names.suiteUploadRole)));
    const vars = {
      UPLOAD_ROLE_ARN: envRole(names.suiteUploadRole),
      SUITE_KEY: SUITE_SOURCE_KEY,
      TARGET_REGION: environment.region,
    };
    actions.push(
      action('StageSuite', 3, project('StageSuite', 'stage-suite.yml', role, vars), {
        SUITE_BUCKET: fromDeploy(stack.suiteBucket),
      }),
    );
  }

  const site = stack.frontend?.site;
  if (config.frontend && site) {
    const role = stepRole(scope, id('FrontendPublishRole'), names.frontendPublishRole);
    role.addToPrincipalPolicy(assumeStatement(envRole(names.frontendPublisherRole)));
    const runtime = {
      BUCKET: fromDeploy(site.bucketNameOutput),
      DISTRIBUTION_ID: fromDeploy(site.distributionIdOutput),
      COMMIT: props.verified.commit,
    };
    const vars = {
      TARGET_REGION: environment.region,
      PUBLISHER_ROLE_ARN: envRole(names.frontendPublisherRole),
      API_BASE_URL: apiBaseUrl(config.frontend.apiPathPattern),
    };
    actions.push(action('PublishFrontend', 6, project('PublishFrontend', 'publish-frontend.yml', role, vars), runtime));
  }

  const bakeRole = stepRole(scope, id('BakeRole'), names.bakeRole);
  bakeRole.addToPrincipalPolicy(assumeStatement(envRole(names.alarmReaderRole)));
  actions.push(
    action('Bake', 7, project('Bake', 'bake.yml', bakeRole, { READER_ROLE_ARN: envRole(names.alarmReaderRole) }), {
      SERVICE_URL: fromDeploy(stack.productionUrl),
    }),
  );

  const deployRole = stepRole(scope, id('DeployStepRole'), names.deployStepRole);
  deployRole.addToPrincipalPolicy(assumeStatement(...bootstrapRoleArns(stage)));
  const deploy = new ReleaseProject(scope, id('Deploy'), {
    buildSpec: 'deploy.yml',
    tool: props.tool,
    role: deployRole,
    encryptionKey: props.artifactKey,
    logging: props.logging,
    timeout: Duration.hours(2),
    environmentVariables: {
      PIPELINE_CONFIG: CANDIDATE_INCLUDES.config,
      ENVIRONMENT: environment.name,
      ASSEMBLY: stage.artifactId,
      OUTPUT_MAP: Object.entries(outputs)
        .map(([variable, path]) => `--output ${variable}=${path}`)
        .join(' '),
    },
    exportedVariables: Object.keys(outputs),
  }).project;
  return [action('Deploy', 1, deploy, {}), ...actions];
}

/** `<stack name>.<output logical id>`, the path `cdk deploy --outputs-file` writes the output's value at. */
function outputPath(output: CfnOutput): string {
  const stack = Stack.of(output);
  return `${stack.stackName}.${stack.resolve(output.logicalId) as string}`;
}

/**
 * The bootstrap roles `cdk deploy` of the stage's stacks assumes: the deploy role (change sets) and the
 * file-publishing role (assets), in each account and region the stage deploys to.
 */
export function bootstrapRoleArns(stage: EnvironmentStage): string[] {
  const places = new Set(
    stage.node
      .findAll()
      .filter(Stack.isStack)
      .map((s) => `${s.account}:${s.region}`),
  );
  return [...places].flatMap((place) => {
    const [account, region] = place.split(':');
    return (['deploy', 'file-publishing'] as const).map((role) =>
      roleArn(region, account, bootstrapRoleName(role, account, region)),
    );
  });
}
