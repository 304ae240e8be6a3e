import type { HookStatus } from '../lifecycle-hook/hook-event';

/** What a build status means for the hook: a verdict, or "not finished yet" (IN_PROGRESS). */
export type BuildVerdict = HookStatus | 'not-finished';

/**
 * Succeeded only for SUCCEEDED; IN_PROGRESS is not finished (the rule does not send it, but a wider
 * rule could). Every other status, a missing one and one CodeBuild may add later included, is Failed:
 * the gate cannot tell that such a build passed, and an unanswered hook would hold the deployment for
 * an hour. Should a real SUCCEEDED follow, CodeDeploy answers it "already completed" and the deployment
 * has rolled back: a false alarm, never a release that skipped its suite.
 */
export function verdictForBuild(status: string | undefined): BuildVerdict {
  if (status === 'SUCCEEDED') return 'Succeeded';
  if (status === 'IN_PROGRESS') return 'not-finished';
  return 'Failed';
}
