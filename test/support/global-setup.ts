import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/** Makes this run's cache of synthesized templates (see synthesized.ts); workers inherit the variable. */
export default function globalSetup(): void {
  process.env[SYNTH_CACHE_ENV] = mkdtempSync(join(tmpdir(), 'bluegreen-synth-'));
}
