import {
  ListRecoveryPointsByBackupVaultCommand,
  type BackupClient,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { BackupsError, explainBackupError, type VaultCallTarget } from './backups-error';
import type { RecoveryPointSummary } from './recovery-points';

/** The most a page may hold; 3 years of daily points of a few resources fit in a handful of pages. */
export const PAGE_SIZE = 1000;
/** More pages than this (200,000 recovery points) mean the endpoint is looping or the vault is not ours. */
export const MAX_PAGES = 200;

/** Socket bounds for every Backup call, so the check never waits forever on a silent endpoint. */
export const BACKUP_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

/**
 * Every recovery point of the vault, over every page. Listing everything rather than only recent
 * points is deliberate: a resource whose backups stopped must still show up, as stale.
 */
export async function listVaultRecoveryPoints(
  client: BackupClient,
  target: VaultCallTarget,
): Promise<RecoveryPointSummary[]> {
  const points: RecoveryPointSummary[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await call(target, () =>
      client.send(
        new ListRecoveryPointsByBackupVaultCommand({
          BackupVaultName: target.vault,
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
      ),
    );
    points.push(...(answer.RecoveryPoints ?? []).flatMap(summarize));
    nextToken = answer.NextToken;
    if (nextToken === undefined || nextToken === '') return points;
    if (seenTokens.has(nextToken)) {
      throw new BackupsError(`AWS Backup ListRecoveryPointsByBackupVault repeated the page token '${nextToken}'`);
    }
    seenTokens.add(nextToken);
  }
  throw new BackupsError(
    `AWS Backup ListRecoveryPointsByBackupVault kept paginating beyond ${MAX_PAGES} pages of vault '${target.vault}'`,
  );
}

/** A listed point without an ARN of its own or of its resource can prove nothing, so it is left out. */
function summarize(point: RecoveryPointByBackupVault): RecoveryPointSummary[] {
  if (!point.RecoveryPointArn || !point.ResourceArn) return [];
  return [
    {
      recoveryPointArn: point.RecoveryPointArn,
      resourceArn: point.ResourceArn,
      ...(point.ResourceType ? { resourceType: point.ResourceType } : {}),
      ...(point.Status ? { status: point.Status } : {}),
      ...(point.CreationDate ? { creationDate: point.CreationDate } : {}),
    },
  ];
}

async function call<T>(target: VaultCallTarget, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new BackupsError(explainBackupError(error, 'ListRecoveryPointsByBackupVault', target));
  }
}
