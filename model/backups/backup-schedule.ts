import type { BackupSchedule } from '../config';

/**
 * How each configured schedule becomes AWS Backup rules. The constructs use these values and the RPO
 * model reads the same ones, so the model describes what is deployed. AWS Backup runs at most hourly.
 */
export interface ScheduleRule {
  /** AWS Backup cron expression (UTC; six fields, `?` in day-of-month or day-of-week). */
  readonly cron: string;
  /** Hours between two scheduled recovery points. */
  readonly intervalHours: number;
}

export const SCHEDULE_RULES: Readonly<Record<BackupSchedule, ScheduleRule>> = {
  // 03:00 UTC: night in Europe, evening in the Americas; outside the usual deploy windows.
  daily: { cron: 'cron(0 3 * * ? *)', intervalHours: 24 },
  hourly: { cron: 'cron(0 * * * ? *)', intervalHours: 1 },
};

/** The monthly rule runs on the 1st, one hour after the daily one so both do not start together. */
export const MONTHLY_CRON = 'cron(0 4 1 * ? *)';

/**
 * Windows of every rule. AWS Backup starts a job within the start window after the scheduled time and
 * cancels it when it has not completed within the completion window (counted from the start).
 * AWS requires at least 60 minutes of start window.
 */
export const BACKUP_WINDOWS = { startWindowHours: 1, completionWindowHours: 3 } as const;
