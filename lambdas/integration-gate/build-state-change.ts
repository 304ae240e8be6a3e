import type { HookExecution } from '../lifecycle-hook/hook-event';
import { BUILD_STATE_CHANGE } from '../../model/lambda-contracts';
import { executionOfBuild } from './suite-variables';

/** What the gate needs from a "CodeBuild Build State Change" event. */
export interface BuildStateChange {
  readonly projectName: string;
  /** `detail.build-status` as sent; undefined when the event carries none. */
  readonly buildStatus: string | undefined;
  readonly buildId: string | undefined;
  /** The hook execution the build was started for; undefined for a build the gate did not start. */
  readonly execution: HookExecution | undefined;
}

/** True for an event EventBridge delivers for a CodeBuild build state change (by its `detail-type`). */
export function isBuildStateChange(event: unknown): boolean {
  return isRecord(event) && event['detail-type'] === BUILD_STATE_CHANGE;
}

/**
 * Reads the event (`detail.project-name`, `detail.build-status`, `detail.build-id`, and the build's
 * variables under `detail.additional-information.environment.environment-variables`). Throws when it
 * is not a build state change with a project name; a missing status or variables are left for the
 * caller to judge.
 */
export function parseBuildStateChange(event: unknown): BuildStateChange {
  if (!isRecord(event) || event['detail-type'] !== BUILD_STATE_CHANGE) {
    throw new Error(`build state change event must be an object with detail-type '${BUILD_STATE_CHANGE}'`);
  }
  const detail = event.detail;
  if (!isRecord(detail) || typeof detail['project-name'] !== 'string' || detail['project-name'] === '') {
    throw new Error('build state change event is malformed: detail.project-name must be a non-empty string');
  }
  const environment = path(detail, ['additional-information', 'environment', 'environment-variables']);
  return {
    projectName: detail['project-name'],
    buildStatus: typeof detail['build-status'] === 'string' ? detail['build-status'] : undefined,
    buildId: typeof detail['build-id'] === 'string' ? detail['build-id'] : undefined,
    execution: Array.isArray(environment) ? executionOfBuild(environment) : undefined,
  };
}

function path(value: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
