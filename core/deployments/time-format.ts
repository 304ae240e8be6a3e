/** `2025-03-04 10:15:00 UTC`: one zone for everybody reading a shared log; '-' when CodeDeploy has no time yet. */
export function formatTime(time: Date | undefined): string {
  if (time === undefined || Number.isNaN(time.getTime())) return '-';
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `42s`, `3m 05s`, `2h 07m`, `3d 04h`; a negative span (clock skew) reads as 0s. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

/** The span between two times, when both are known. */
export function durationBetween(start: Date | undefined, end: Date | undefined): string | undefined {
  if (start === undefined || end === undefined) return undefined;
  return formatDuration(end.getTime() - start.getTime());
}
