import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, FrontendConfig } from '../../model/config';
import type { EnvironmentStage } from '../environment/environment-stage';
import { CANDIDATE_INCLUDES } from '../../model/candidate-layout';
import { environmentNames } from '../../model/naming';
import { roleArn } from '../partition';
import { buildSpecStep } from './pipeline-steps';
import { stepRole } from './step-role';

/** The directory the PublishFrontend step finds the build output in (its additional input, and the candidate's). */
export const FRONTEND_DIST_DIR = CANDIDATE_INCLUDES.frontend;

/**
 * Builds the frontend once per commit in the Image stage (buildspecs/frontend.yml): an unprivileged project that
 * runs `frontend.buildCommand` in `frontend.buildContext`; its output directory is the artifact every environment
 * publishes, so one build serves them all (each environment's settings arrive in the runtime config file).
 */
export function frontendBuildStep(
  frontend: FrontendConfig,
  source: pipelines.IFileSetProducer,
): pipelines.CodeBuildStep {
  return buildSpecStep('BuildFrontend', {
    buildSpec: 'frontend.yml',
    input: source,
    primaryOutputDirectory: `${frontend.buildContext}/${frontend.outputDirectory}`,
    env: { BUILD_CONTEXT: frontend.buildContext, BUILD_COMMAND: frontend.buildCommand },
  });
}

export interface PublishFrontendStepProps {
  readonly application: string;
  /** The pipeline's region: the publish step's role name carries it (naming.ts). */
  readonly pipelineRegion: string;
  readonly environment: EnvironmentConfig;
  readonly frontend: FrontendConfig;
  readonly stage: EnvironmentStage;
  readonly source: pipelines.IFileSetProducer;
  /** The frontend build of this commit. */
  readonly build: pipelines.CodeBuildStep;
  /** The environment's blue/green deployments: the page is published only once every one of them succeeded. */
  readonly after: readonly pipelines.Step[];
}

/**
 * Publishes this commit's frontend to one environment (buildspecs/publish-frontend.yml) after every blue/green
 * deployment of that environment, so a new page never talks to an old API. The step's role has a fixed name, and
 * the environment's publisher role trusts exactly it; the bucket and distribution come from the stack's outputs.
 */
export function publishFrontendStep(scope: Construct, props: PublishFrontendStepProps): pipelines.CodeBuildStep {
  const { environment } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const site = props.stage.serviceStack.frontend?.site;
  if (!site) throw new Error(`the ${environment.name} stack has no frontend to publish to`);
  const publisherRoleArn = roleArn(environment.region, environment.account, names.frontendPublisherRole);
  const publish = buildSpecStep('PublishFrontend', {
    buildSpec: 'publish-frontend.yml',
    input: props.source,
    additionalInputs: { [FRONTEND_DIST_DIR]: props.build },
    role: stepRole(scope, `${environment.name}FrontendPublishRole`, names.frontendPublishRole),
    env: {
      ENVIRONMENT: environment.name,
      TARGET_REGION: environment.region,
      PUBLISHER_ROLE_ARN: publisherRoleArn,
      API_BASE_URL: apiBaseUrl(props.frontend.apiPathPattern),
    },
    envFromCfnOutputs: { BUCKET: site.bucketNameOutput, DISTRIBUTION_ID: site.distributionIdOutput },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [publisherRoleArn] })],
  });
  for (const step of props.after) publish.addStepDependency(step);
  return publish;
}

/** The API as the page calls it, on the page's own origin: `/api/*` → `/api`. */
export function apiBaseUrl(apiPathPattern: string): string {
  const base = apiPathPattern.replace(/\*$/, '').replace(/\/+$/, '');
  return base === '' ? '/' : base;
}
