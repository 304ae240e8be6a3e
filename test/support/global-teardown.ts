import { rmSync } from 'node:fs';
import { PRESYNTHESIS_PID_ENV, SYNTH_CACHE_ENV } from './synth-cache-env';

/** Stops the presynthesis process if it is still at work (a run that stopped early), then removes the run's cache. */
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
  if (dir) rmSync(dir, { recursive: true, force: true });
}
