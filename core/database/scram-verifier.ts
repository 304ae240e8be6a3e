import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, the format of pg_authid.rolpassword).
 * The function sends this instead of the password: PostgreSQL keeps a verifier it is given as it is, and the server
 * log, which records the text of a failing statement (log_min_error_statement), then never holds a password.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}

/**
 * Whether the verifier made here is the one PostgreSQL would make: the server first normalizes a password with
 * SASLprep, which changes nothing in printable ASCII (every password Secrets Manager generates). Any other password
 * is sent as it is, for the server to normalize.
 */
export function verifierMatchesServer(password: string): boolean {
  return /^[\x20-\x7e]*$/.test(password);
}
