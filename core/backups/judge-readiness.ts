import { newestAny, newestUsable, type ProtectedResource, type RecoveryPointSummary } from './recovery-points';
import type { RpoModel } from './rpo-model';

const HOUR_MS = 3_600_000;

/** How one side (the vault or the DR vault) of a protected resource stands. */
export type Freshness =
  | {
      readonly state: 'fresh' | 'stale';
      readonly point: RecoveryPointSummary;
      readonly ageMs: number;
      readonly limitHours: number;
    }
  | { readonly state: 'missing'; readonly reason: string }
  | { readonly state: 'not-configured' };

export interface ResourceReadiness {
  readonly resourceArn: string;
  readonly resourceType?: string;
  readonly recoveryPoint: Freshness;
  readonly copy: Freshness;
  readonly ready: boolean;
}

export interface Readiness {
  readonly resources: readonly ResourceReadiness[];
  /** True only when there is at least one protected resource and every one is ready. */
  readonly ready: boolean;
  /** Set when the vault holds nothing at all: no resource is protected, so nothing is ready. */
  readonly emptyVault: boolean;
}

/**
 * Per protected resource: the newest COMPLETED recovery point in the vault must be at most
 * `rpo.recoveryPointHours` old, and (when a DR region is configured) the newest COMPLETED copy in the
 * DR vault at most `rpo.hours`. Missing, stale or unusable (any other status) fails.
 */
export function judgeReadiness(resources: readonly ProtectedResource[], now: Date, rpo: RpoModel): Readiness {
  const judged = resources.map((resource): ResourceReadiness => {
    const recoveryPoint = freshness(resource.recoveryPoints, now, rpo.recoveryPointHours, 'recovery point');
    const copy =
      resource.copies === undefined
        ? ({ state: 'not-configured' } as const)
        : freshness(resource.copies, now, rpo.hours, 'copy');
    return {
      resourceArn: resource.resourceArn,
      ...(resource.resourceType !== undefined ? { resourceType: resource.resourceType } : {}),
      recoveryPoint,
      copy,
      ready: recoveryPoint.state === 'fresh' && (copy.state === 'fresh' || copy.state === 'not-configured'),
    };
  });
  return {
    resources: judged,
    ready: judged.length > 0 && judged.every((r) => r.ready),
    emptyVault: judged.length === 0,
  };
}

function freshness(points: readonly RecoveryPointSummary[], now: Date, limitHours: number, what: string): Freshness {
  const point = newestUsable(points);
  if (point === undefined) return { state: 'missing', reason: whyMissing(points, what) };
  // A creation date ahead of this clock (skew) counts as brand new rather than as negative age.
  const ageMs = Math.max(0, now.getTime() - (point.creationDate as Date).getTime());
  return { state: ageMs > limitHours * HOUR_MS ? 'stale' : 'fresh', point, ageMs, limitHours };
}

function whyMissing(points: readonly RecoveryPointSummary[], what: string): string {
  if (points.length === 0) return `no ${what}`;
  const newest = newestAny(points);
  const statuses = [...new Set(points.map((p) => p.status ?? 'no status'))].sort().join(', ');
  return newest === undefined
    ? `no ${what} with a creation date (${points.length} listed)`
    : `no COMPLETED ${what} (${points.length} listed: ${statuses})`;
}
