import type { ScanConfig } from '../../model/config/schema';

export type AllowlistEntry = ScanConfig['allowlist'][number];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An entry suppresses its finding through the whole of its `expires` day in UTC and no longer
 * from 00:00 UTC the next day (`expires: 2025-06-30` still holds at 2025-06-30T23:59:59Z).
 * An `expires` that is not a real YYYY-MM-DD date counts as expired: it can never suppress.
 */
export function isExpired(entry: AllowlistEntry, now: Date): boolean {
  const start = utcDayStart(entry.expires);
  return start === undefined || now.getTime() >= start + DAY_MS;
}

/** 00:00 UTC of a YYYY-MM-DD date in milliseconds; undefined when the text is no real date (2025-02-30). */
export function utcDayStart(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = Date.UTC(year, month, day);
  const real = new Date(start);
  return real.getUTCFullYear() === year && real.getUTCMonth() === month && real.getUTCDate() === day
    ? start
    : undefined;
}

/** Ids compare without regard to case (`cve-2024-1` in a config still matches `CVE-2024-1`). */
export function sameId(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}
