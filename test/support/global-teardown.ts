import { rmSync } from 'node:fs';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/** Removes this run's cache of synthesized templates. */
export default function globalTeardown(): void {
  const dir = process.env[SYNTH_CACHE_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
