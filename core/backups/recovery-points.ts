/** What the readiness check needs of one recovery point, as listed by ListRecoveryPointsByBackupVault. */
export interface RecoveryPointSummary {
  readonly recoveryPointArn: string;
  /** The protected resource; a copy keeps the ARN of the source resource. */
  readonly resourceArn: string;
  readonly resourceType?: string;
  /** COMPLETED, PARTIAL, EXPIRED, DELETING, ... as AWS Backup reports it; undefined when absent. */
  readonly status?: string;
  readonly creationDate?: Date;
}

/** One protected resource with everything found for it in the environment's vault and the DR vault. */
export interface ProtectedResource {
  readonly resourceArn: string;
  readonly resourceType?: string;
  readonly recoveryPoints: readonly RecoveryPointSummary[];
  /** Undefined when the configuration has no DR region, so there is nothing to look for. */
  readonly copies?: readonly RecoveryPointSummary[];
}

/**
 * Groups the vault's recovery points and the DR vault's copies by resource. A resource seen only in
 * the DR vault is kept (its local recovery points are missing, which the judge reports). Pages that
 * repeat a recovery point count it once.
 */
export function groupByResource(
  recoveryPoints: readonly RecoveryPointSummary[],
  copies: readonly RecoveryPointSummary[] | undefined,
): ProtectedResource[] {
  const local = byResource(recoveryPoints);
  const dr = copies === undefined ? undefined : byResource(copies);
  const arns = [...new Set([...local.keys(), ...(dr?.keys() ?? [])])].sort();
  return arns.map((resourceArn) => {
    const points = local.get(resourceArn) ?? [];
    const copied = dr?.get(resourceArn) ?? [];
    const resourceType = [...points, ...copied].find((p) => p.resourceType !== undefined)?.resourceType;
    return {
      resourceArn,
      ...(resourceType !== undefined ? { resourceType } : {}),
      recoveryPoints: points,
      ...(dr !== undefined ? { copies: copied } : {}),
    };
  });
}

function byResource(points: readonly RecoveryPointSummary[]): Map<string, RecoveryPointSummary[]> {
  const seen = new Set<string>();
  const grouped = new Map<string, RecoveryPointSummary[]>();
  for (const point of points) {
    if (seen.has(point.recoveryPointArn)) continue;
    seen.add(point.recoveryPointArn);
    grouped.set(point.resourceArn, [...(grouped.get(point.resourceArn) ?? []), point]);
  }
  return grouped;
}

/** Only a COMPLETED recovery point can be restored; PARTIAL, EXPIRED, DELETING and anything unknown cannot. */
export const USABLE_STATUS = 'COMPLETED';

/** The newest usable recovery point (COMPLETED, with a creation date), or undefined. */
export function newestUsable(points: readonly RecoveryPointSummary[]): RecoveryPointSummary | undefined {
  let newest: RecoveryPointSummary | undefined;
  for (const point of points) {
    if (point.status !== USABLE_STATUS || !isValidDate(point.creationDate)) continue;
    if (newest === undefined || point.creationDate.getTime() > (newest.creationDate as Date).getTime()) newest = point;
  }
  return newest;
}

/** The newest point whatever its status, to say why nothing counted. */
export function newestAny(points: readonly RecoveryPointSummary[]): RecoveryPointSummary | undefined {
  return [...points]
    .filter((p) => isValidDate(p.creationDate))
    .sort((a, b) => (b.creationDate as Date).getTime() - (a.creationDate as Date).getTime())[0];
}

function isValidDate(date: Date | undefined): date is Date {
  return date !== undefined && !Number.isNaN(date.getTime());
}
