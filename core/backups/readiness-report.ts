import { formatDuration, formatTime } from '../deployments/time-format';
import type { Freshness, Readiness, ResourceReadiness } from './judge-readiness';
import { describeRpo, type RpoModel } from './rpo-model';
import type { VaultRef } from './vault-ref';

const HEADERS = ['RESOURCE', 'TYPE', 'NEWEST RECOVERY POINT', 'AGE', 'NEWEST DR COPY', 'AGE', 'VERDICT'];

/** The report `bluegreen backups` prints: where it looked, the modelled RPO, one row per resource, a verdict. */
export function formatReadinessReport(ref: VaultRef, rpo: RpoModel, readiness: Readiness): string {
  const lines = [
    `Environment ${ref.environment}: vault ${ref.vault} (account ${ref.account}, ${ref.region})` +
      (ref.dr ? `, DR vault ${ref.dr.vault} (${ref.dr.region})` : ', no DR copy configured'),
    `RPO (model): ${describeRpo(rpo)}; recovery points may be ${rpo.recoveryPointHours}h old` +
      (ref.dr ? `, DR copies ${rpo.hours}h` : ''),
    '',
  ];
  if (readiness.emptyVault) {
    lines.push(`The vault holds no recovery point${ref.dr ? ' and the DR vault no copy' : ''}: nothing is protected.`);
  } else {
    lines.push(...table([HEADERS, ...readiness.resources.map(row)]), '');
  }
  lines.push(verdictLine(readiness));
  return `${lines.join('\n')}\n`;
}

function row(resource: ResourceReadiness): string[] {
  return [
    resource.resourceArn,
    resource.resourceType ?? '-',
    ...cells(resource.recoveryPoint),
    ...cells(resource.copy),
    resource.ready ? 'OK' : `FAIL: ${problems(resource).join('; ')}`,
  ];
}

function cells(freshness: Freshness): [string, string] {
  switch (freshness.state) {
    case 'fresh':
    case 'stale':
      return [formatTime(freshness.point.creationDate), formatDuration(freshness.ageMs)];
    case 'missing':
      return ['missing', '-'];
    case 'not-configured':
      return ['not configured', '-'];
  }
}

function problems(resource: ResourceReadiness): string[] {
  return [describeProblem('recovery point', resource.recoveryPoint), describeProblem('DR copy', resource.copy)].filter(
    (p): p is string => p !== undefined,
  );
}

function describeProblem(what: string, freshness: Freshness): string | undefined {
  if (freshness.state === 'stale') return `${what} older than ${freshness.limitHours}h`;
  if (freshness.state === 'missing') return freshness.reason;
  return undefined;
}

/** The one line that ends the output. */
export function verdictLine(readiness: Readiness): string {
  const total = readiness.resources.length;
  if (readiness.emptyVault) return 'backups: NOT READY — no protected resource has a recovery point';
  if (readiness.ready) {
    return `backups: READY — ${total} protected resource${total === 1 ? '' : 's'}, every recovery point and copy within the RPO`;
  }
  const failing = readiness.resources.filter((r) => !r.ready).length;
  return `backups: NOT READY — ${failing} of ${total} protected resource${total === 1 ? '' : 's'} missing or older than the RPO`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => r[column].length)));
  return rows.map((r) =>
    r
      .map((cell, column) => (column === r.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}
