import type { BackupSettings } from '../../model/config';
import { BACKUP_WINDOWS, SCHEDULE_RULES } from '../../model/backups/backup-schedule';

/**
 * Allowance for a cross-region copy job to finish after its backup completed. An assumption, not an
 * AWS guarantee: copies of incremental snapshots of a mid-size database take minutes to an hour; the
 * first full copy of a large one can take longer and then shows as stale until it lands.
 */
export const COPY_LAG_ALLOWANCE_HOURS = 4;

/** One term of the model, for the README and the CLI's explanation. */
export interface RpoTerm {
  readonly label: string;
  readonly hours: number;
}

/**
 * A MODEL of the recovery point objective: the oldest the newest usable recovery point may be when
 * everything works, i.e. the most data a restore could lose. Worst case per term:
 *  - the previous backup started on time and the next one is an interval later;
 *  - the next one starts at the very end of its start window;
 *  - it runs for the whole completion window before it is COMPLETED;
 *  - its copy then needs the copy lag allowance to be COMPLETED in the DR vault.
 * It ignores transaction logs (point-in-time recovery inside the region is finer) and failed jobs
 * (which the readiness check exists to catch).
 */
export interface RpoModel {
  /** Newest COMPLETED recovery point in the environment's vault may be at most this old. */
  readonly recoveryPointHours: number;
  /** Newest COMPLETED copy in the DR vault may be at most this old; equals the RPO. */
  readonly hours: number;
  readonly terms: readonly RpoTerm[];
}

export function rpoModel(settings: BackupSettings): RpoModel {
  const schedule = SCHEDULE_RULES[settings.schedule];
  const local: RpoTerm[] = [
    { label: `${settings.schedule} schedule interval`, hours: schedule.intervalHours },
    { label: 'start window', hours: BACKUP_WINDOWS.startWindowHours },
    { label: 'completion window', hours: BACKUP_WINDOWS.completionWindowHours },
  ];
  const copy: RpoTerm[] =
    settings.copyToRegion === undefined
      ? []
      : [{ label: `copy lag to ${settings.copyToRegion} (assumed)`, hours: COPY_LAG_ALLOWANCE_HOURS }];
  const recoveryPointHours = sum(local);
  return { recoveryPointHours, hours: recoveryPointHours + sum(copy), terms: [...local, ...copy] };
}

/** The RPO in hours the configuration implies (see RpoModel for the assumptions). */
export function rpoHours(settings: BackupSettings): number {
  return rpoModel(settings).hours;
}

/** `24h daily schedule interval + 1h start window + ... = 32h`, for messages and the README. */
export function describeRpo(model: RpoModel): string {
  return `${model.terms.map((t) => `${t.hours}h ${t.label}`).join(' + ')} = ${model.hours}h`;
}

function sum(terms: readonly RpoTerm[]): number {
  return terms.reduce((total, term) => total + term.hours, 0);
}
