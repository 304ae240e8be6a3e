/**
 * Names and literals in the database-users function's SQL. User and grant statements take no bind parameters
 * (neither PostgreSQL's nor MySQL's DDL does), so every name and password goes into the text: names must first pass
 * {@link checkedName}, and everything is quoted on top of that, so that a name or password that got past a check
 * still cannot end its quotes.
 */

/** What PostgreSQL and MySQL both take unquoted, at most 63 characters (PostgreSQL's identifier limit). */
export const DATABASE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** `value` when it is a name {@link DATABASE_NAME_PATTERN} allows; an error naming `what` otherwise. */
export function checkedName(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DATABASE_NAME_PATTERN.test(value)) {
    throw new Error(
      `${what} must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got ${shownValue(value)})`,
    );
  }
  return value;
}

/** A value for a message: strings JSON-quoted and cut short, so a hostile one cannot forge the rest of the line. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function refuseNul(value: string, what: string): void {
  // Both servers end a string at NUL in places (PostgreSQL refuses it outright): refused rather than cut.
  if (value.includes('\0')) throw new Error(`${what} contains a NUL character, which no database name or password may`);
}

/** A PostgreSQL identifier, double-quoted (quote_ident's rule: `"` doubled), so its case is kept as it is. */
export function pgIdentifier(name: string): string {
  refuseNul(name, 'a PostgreSQL identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A PostgreSQL string literal (PQescapeLiteral's rule): `'` doubled; with a backslash, the E'' form with backslashes
 * doubled, which reads the same whatever standard_conforming_strings is.
 */
export function pgLiteral(value: string): string {
  refuseNul(value, 'a PostgreSQL string');
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** A MySQL identifier, in backticks (a backtick doubled). */
export function mysqlIdentifier(name: string): string {
  refuseNul(name, 'a MySQL identifier');
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * A MySQL string literal: `\` and `'` escaped with a backslash. That reads right only without the
 * NO_BACKSLASH_ESCAPES SQL mode, which the function's session turns off (mysql-users.ts).
 */
export function mysqlLiteral(value: string): string {
  refuseNul(value, 'a MySQL string');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A MySQL account of `user` at any host, as RDS's master and AWS's rotation functions make them. */
export function mysqlAccount(user: string): string {
  return `${mysqlLiteral(user)}@'%'`;
}
