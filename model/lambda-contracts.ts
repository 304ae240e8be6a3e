/**
 * What the constructs and the Lambda handlers agree on: the environment variables a hook function or the listener
 * re-point function is given and reads, and the CodeBuild event values the integration gate's rule matches and its
 * handler judges.
 */

/** Environment variables of the hook functions (the checks hook, the smoke hook, the integration gate). */
export const HOOK_ENVIRONMENT = {
  /** Base URL the checks or the suite call: the test listener, or the production listener for smoke checks. */
  targetUrl: 'TARGET_URL',
  /** The checks, as a JSON list. */
  checks: 'CHECKS',
  /** Optional time for all checks together, in ms. */
  budgetMs: 'HOOK_BUDGET_MS',
  /** The integration suite's CodeBuild project. */
  projectName: 'PROJECT_NAME',
  /** Not read by a handler (CodeDeploy's event does not name the lifecycle event): documents, for people and for preflight, which events invoke it. */
  hookEvents: 'HOOK_EVENTS',
} as const;

/** CodeBuild's terminal statuses that fail the integration gate. */
export const FAILED_BUILD_STATUSES = ['FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'] as const;

/** Every terminal status, for the EventBridge rule's pattern. */
export const FINAL_BUILD_STATUSES = ['SUCCEEDED', ...FAILED_BUILD_STATUSES] as const;

/** EventBridge's `detail-type` for CodeBuild's build state changes. */
export const BUILD_STATE_CHANGE = 'CodeBuild Build State Change';

/**
 * Environment variables of an environment's listener re-point function. It takes no input: everything it acts on is
 * fixed here by the stack that deploys it, so whoever may invoke it can only make it do this one thing.
 */
export const REPOINT_ENVIRONMENT = {
  /** The environment's name, for messages. */
  environment: 'ENVIRONMENT_NAME',
  /** The environment's account, for messages. */
  account: 'ACCOUNT_ID',
  /** The environment's CodeDeploy application. */
  application: 'CODEDEPLOY_APPLICATION',
  /** The web services it re-points, as a JSON list of {@link RepointedService}. */
  services: 'REPOINTED_SERVICES',
} as const;

/** One web service as the re-point function knows it from its stack. */
export interface RepointedService {
  readonly service: string;
  readonly deploymentGroup: string;
  /** The production and test listeners' ARNs: the only listeners it may change. */
  readonly listeners: readonly string[];
  /** The names of the blue and green target groups: the only ones it points a listener at. */
  readonly targetGroups: readonly string[];
}

/** What the re-point function returns: one line per listener or rule it re-pointed, none when all were right. */
export interface RepointResult {
  readonly environment: string;
  readonly changes: readonly string[];
}

/** The release-start function's environment variables, which the release stack sets (lambdas/release-start). */
export const RELEASE_START_ENVIRONMENT = {
  /** The release pipeline it starts. */
  pipelineName: 'PIPELINE_NAME',
  /** The hand-off bucket and key whose new versions it starts runs for. */
  bucket: 'HANDOFF_BUCKET',
  key: 'HANDOFF_KEY',
  /** The release pipeline's source actions: the candidate's S3 object and the repository. */
  candidateAction: 'CANDIDATE_ACTION',
  repositoryAction: 'REPOSITORY_ACTION',
} as const;
