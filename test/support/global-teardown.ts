import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, presynthesisPid, PRESYNTHESIS_LOG_FILE, PRESYNTHESIS_PID_FILE, RESERVED_FILE } from './run-cache';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/**
 * Stops the presynthesis process if it is still at work (a run that stopped early), says why when it ended without
 * taking its locks (the run passed without it, only slower), then removes the run's cache.
 */
export default function globalTeardown(): void {
  const dir = process.env[SYNTH_CACHE_ENV];
  if (!dir) return;
  const pid = presynthesisPid(dir);
  // It serves until this teardown: gone already means it failed (or never started); at work, the run may have been
  // too short for it to take its locks.
  const exited = pid === undefined || !isAlive(pid);
  if (!exited) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone in between.
    }
  }
  if (exited && existsSync(join(dir, PRESYNTHESIS_PID_FILE)) && !existsSync(join(dir, RESERVED_FILE))) {
    const log = join(dir, PRESYNTHESIS_LOG_FILE);
    process.stderr.write(
      `\npresynthesis did not start; each file synthesized what it read:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
