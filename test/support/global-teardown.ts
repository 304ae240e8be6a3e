import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRESYNTHESIS_LOG_FILE, PRESYNTHESIS_PID_FILE, RESERVED_FILE } from './run-cache';
import { PRESYNTHESIS_PID_ENV, SYNTH_CACHE_ENV } from './synth-cache-env';

/**
 * Stops the presynthesis process if it is still at work (a run that stopped early), says why when it never took its
 * locks (the run passed without it, only slower), then removes the run's cache.
 */
export default function globalTeardown(): void {
  const pid = Number(process.env[PRESYNTHESIS_PID_ENV]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already done and gone.
    }
  }
  const dir = process.env[SYNTH_CACHE_ENV];
  if (!dir) return;
  if (existsSync(join(dir, PRESYNTHESIS_PID_FILE)) && !existsSync(join(dir, RESERVED_FILE))) {
    const log = join(dir, PRESYNTHESIS_LOG_FILE);
    process.stderr.write(
      `\npresynthesis did not start; each file synthesized what it read:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
