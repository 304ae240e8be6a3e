import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEcrRegion } from '../../../cli/commands/scan-gate';

let work: string;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'scan-gate-region-'));
  savedEnv = { ...process.env };
  delete process.env.AWS_REGION;
  delete process.env.AWS_PROFILE;
  process.env.AWS_CONFIG_FILE = join(work, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(work, 'credentials');
});
afterEach(() => {
  process.env = savedEnv;
  rmSync(work, { recursive: true, force: true });
});

describe('resolveEcrRegion: the SDK chain first, the pipeline region when it finds none', () => {
  test('AWS_REGION wins', async () => {
    process.env.AWS_REGION = 'us-east-2';
    expect(await resolveEcrRegion('eu-west-1')).toBe('us-east-2');
  });

  test('the shared config profile is used when AWS_REGION is unset', async () => {
    writeFileSync(join(work, 'config'), '[default]\nregion = ap-south-1\n');
    expect(await resolveEcrRegion('eu-west-1')).toBe('ap-south-1');
  });

  test('with neither, the fallback (the config pipeline.region)', async () => {
    expect(await resolveEcrRegion('eu-west-1')).toBe('eu-west-1');
  });
});
