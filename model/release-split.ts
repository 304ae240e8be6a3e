import type { EnvironmentConfig, PipelineConfig } from './config';

/** Which pipeline deploys which environment (README, "Protected environments: the release pipeline"). */
export interface ReleaseSplit {
  /** Deployed by the self-mutating delivery pipeline, in order: every environment without `approval`. */
  readonly delivered: readonly EnvironmentConfig[];
  /**
   * Deployed by the release pipeline, in order: the protected environments (`approval: true`). Validation keeps
   * them after every other environment, so the promotion order is the configured one. Empty when none is protected.
   */
  readonly released: readonly EnvironmentConfig[];
  /** The accounts of the protected environments: nothing the delivery pipeline defines may act in them. */
  readonly protectedAccounts: readonly string[];
}

export function releaseSplit(config: Pick<PipelineConfig, 'environments'>): ReleaseSplit {
  const released = config.environments.filter((environment) => environment.approval);
  return {
    delivered: config.environments.filter((environment) => !environment.approval),
    released,
    protectedAccounts: [...new Set(released.map((environment) => environment.account))],
  };
}

/**
 * The release stack's output that lists the protected accounts (comma-separated), so a check on the synthesized
 * templates knows them without the configuration.
 */
export const PROTECTED_ACCOUNTS_OUTPUT = 'BluegreenProtectedAccounts';

/**
 * The account the release pipeline runs in: `pipeline.releaseAccount` (README, "A release account of its own"), which
 * validation requires once an environment is protected. Resolved here only, so the release stack, the hand-off and the
 * protected environments' trust policies always agree.
 */
export function releaseAccountOf(config: Pick<PipelineConfig, 'pipeline'>): string {
  const account = config.pipeline.releaseAccount;
  // Only reached for a configuration with a protected environment, which validation refuses without one.
  if (account === undefined) throw new Error('internal: a release pipeline without pipeline.releaseAccount');
  return account;
}

/**
 * The release account's connection to the repository (`pipeline.releaseConnectionArn`, README, "The approval binds to
 * one commit"), which validation requires once an environment is protected.
 */
export function releaseConnectionOf(config: Pick<PipelineConfig, 'pipeline'>): string {
  const connection = config.pipeline.releaseConnectionArn;
  if (connection === undefined) throw new Error('internal: a release pipeline without pipeline.releaseConnectionArn');
  return connection;
}

/**
 * The account of the pipeline that deploys an environment, whose step roles the environment's roles trust: the
 * release account for a protected environment, the tools account for every other.
 */
export function deployingAccountOf(
  config: Pick<PipelineConfig, 'pipeline'>,
  environment: Pick<EnvironmentConfig, 'approval'>,
): string {
  return environment.approval ? releaseAccountOf(config) : config.pipeline.account;
}

/** The release stack's Verify variable naming the accounts whose secrets protected tasks may read (comma-separated). */
export const SECRET_ACCOUNTS_VARIABLE = 'SECRET_ACCOUNTS';
