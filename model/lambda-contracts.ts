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

/**
 * The database-users custom resource (pipeline/environment/data/database-users.ts → lambdas/database-users): the
 * properties the stack gives it. It connects as the master user and makes the application user (and the clone that
 * alternating-users rotation takes turns with) the owner of the application's database objects.
 */
export const DATABASE_USERS_PROPERTIES = {
  /** The master user's secret (RDS's generated credentials, attached to the instance or cluster). */
  masterSecretArn: 'MasterSecretArn',
  /** The application user's secret: username, password, and the host, port and dbname the attachment adds. */
  applicationSecretArn: 'ApplicationSecretArn',
  /** Which SQL dialect: one of DATABASE_ENGINE_FAMILIES. */
  engineFamily: 'EngineFamily',
  /** The application's database, which the application user comes to own. */
  databaseName: 'DatabaseName',
} as const;

/** The SQL dialects the database-users function speaks: PostgreSQL (RDS, Aurora) and MySQL (RDS, Aurora). */
export const DATABASE_ENGINE_FAMILIES = ['postgres', 'mysql'] as const;
export type DatabaseEngineFamily = (typeof DATABASE_ENGINE_FAMILIES)[number];

/** The user the alternating-users rotation takes turns with: AWS's rotation functions append this to the name. */
export const ROTATION_CLONE_SUFFIX = '_clone';

/** The application user's name in every engine (MySQL allows 32 characters, the clone's suffix included). */
export const APPLICATION_DATABASE_USER = 'application';

/**
 * Characters a generated database password leaves out, in the secret CDK generates and in every rotation
 * (lambdas/database-rotation): those the engines or their URLs treat specially. CDK's DatabaseSecret default.
 */
export const DATABASE_PASSWORD_EXCLUDED_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

/** A generated database password's length, as CDK's DatabaseSecret generates it. */
export const DATABASE_PASSWORD_LENGTH = 30;

/**
 * The environment variable of an environment's cache-rotation function: the ElastiCache user whose password the
 * rotated token is (the `default` user of the cache's user group). Everything else comes from the rotation event.
 */
export const CACHE_ROTATION_ENVIRONMENT = {
  userId: 'CACHE_USER_ID',
} as const;

/**
 * A generated cache token: letters and digits only, as ElastiCache allows 16-128 printable characters with only a few
 * punctuation marks (ElastiCache, "Authenticating with the Valkey and Redis OSS AUTH command"). In the secret CDK
 * generates and in every rotation (lambdas/cache-rotation).
 */
export const CACHE_TOKEN_LENGTH = 64;
