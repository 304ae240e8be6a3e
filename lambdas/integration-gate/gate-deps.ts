import type { HookExecution, HookStatus } from '../lifecycle-hook/hook-event';
import type { ReportOutcome } from '../lifecycle-hook/report-status';
import type { BuildVariable } from './suite-variables';

/** The part of a structured logger the gate uses (Powertools Logger fits). */
export interface GateLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** What both entry points need: settings, a log, and the one way to tell CodeDeploy. */
export interface GateDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: GateLog;
  /** PutLifecycleEventHookExecutionStatus; `already-reported` when the hook execution had a verdict already. */
  readonly report: (execution: HookExecution, status: HookStatus) => Promise<ReportOutcome>;
}

/** A StartBuild request for the suite. */
export interface SuiteBuildRequest {
  readonly projectName: string;
  readonly variables: readonly BuildVariable[];
  /** Makes a repeated StartBuild for the same hook execution (the SDK retrying a lost answer) start no second build. */
  readonly idempotencyToken: string;
}

export interface StartSuiteDeps extends GateDeps {
  /** StartBuild; resolves with the build's id once CodeBuild accepted it, rejects otherwise. */
  readonly startBuild: (request: SuiteBuildRequest) => Promise<{ readonly buildId: string }>;
}

export interface ReportBuildDeps extends GateDeps {
  /** BatchGetBuilds: the build's recorded environment variables, for an event that carries none. */
  readonly readBuildVariables: (buildId: string) => Promise<readonly unknown[] | undefined>;
}

/** What an invocation did, for the logs and the tests. */
export type GateResult =
  | { readonly action: 'started'; readonly buildId: string }
  | { readonly action: 'reported'; readonly status: HookStatus; readonly outcome: ReportOutcome }
  | {
      readonly action: 'ignored';
      readonly reason: 'not-a-gate-build' | 'no-hook-execution' | 'other-project' | 'not-finished';
    };
