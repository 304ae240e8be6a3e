import type { GroupRef } from '../deployments/group-ref';
import {
  applyRepoint,
  planRepoint,
  type ExpectedTraffic,
  type RepointChange,
  type RepointClients,
} from './repoint-listeners';

/** One web service of an environment to re-point: its deployment group and, when known, the traffic it was deployed with. */
export interface RepointTarget {
  readonly service: string;
  readonly ref: GroupRef;
  /** @default - whatever the deployment group names */
  readonly expected?: ExpectedTraffic;
}

export interface RepointOptions {
  /** Change nothing: only plan. */
  readonly dryRun: boolean;
  /**
   * Told of each service's changes once they are applied (planned, with `dryRun`), so that what changed is known
   * even when a later service fails. @default - nobody
   */
  readonly onChanges?: (changes: readonly RepointChange[]) => void;
}

/**
 * Re-points every web service of an environment: plans all of them before changing any, so an unknown state in one
 * changes nothing in the others, then applies each service's changes (none with `dryRun`). Returns every change.
 */
export async function repointEnvironment(
  clients: RepointClients,
  targets: readonly RepointTarget[],
  options: RepointOptions,
): Promise<RepointChange[]> {
  const planned: { ref: GroupRef; changes: RepointChange[] }[] = [];
  for (const { service, ref, expected } of targets) {
    planned.push({ ref, changes: await planRepoint(clients, service, ref, expected) });
  }
  for (const { ref, changes } of planned) {
    if (!options.dryRun) await applyRepoint(clients, ref, changes);
    options.onChanges?.(changes);
  }
  return planned.flatMap((p) => p.changes);
}
