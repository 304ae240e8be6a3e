import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PINNED_TOOL_DIR, pinnedToolInstall } from '../../../pipeline/release/release-project';

const SPEC = 'ecs-bluegreen-pipeline@1.2.3';

describe('pinnedToolInstall without an integrity', () => {
  test('installs the spec by name and version, with no lockfile and no install scripts', () => {
    expect(pinnedToolInstall({ spec: SPEC })).toEqual([
      `mkdir -p ${PINNED_TOOL_DIR} && npm install --prefix ${PINNED_TOOL_DIR} --no-save --no-package-lock --ignore-scripts --no-audit --no-fund ${SPEC}`,
      `export PATH="${PINNED_TOOL_DIR}/node_modules/.bin:$PATH"`,
    ]);
  });
});

// The install command run by bash, as CodeBuild runs it, with the real openssl and base64 and an `npm` on the PATH
// that serves a tarball for `npm pack` (the registry) and records what `npm install` was given.
describe('pinnedToolInstall with an integrity, run by bash', () => {
  let work: string;
  const tarball = Buffer.from('the tool as the registry serves it');
  const integrityOf = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'pinned-tool-'));
    mkdirSync(join(work, 'bin'));
    writeFileSync(join(work, 'tool.tgz'), tarball);
    writeFileSync(
      join(work, 'bin', 'npm'),
      `#!/bin/sh
if [ "$1" = pack ]; then
  cp "${work}/tool.tgz" "$PWD/ecs-bluegreen-pipeline-1.2.3.tgz"
  echo "$PWD" > "${work}/packed-in"
  echo '[{"filename":"ecs-bluegreen-pipeline-1.2.3.tgz"}]'
elif [ "$1" = install ]; then
  echo "$@" > "${work}/installed"
fi
`,
    );
    chmodSync(join(work, 'bin', 'npm'), 0o755);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** The install command with the fixed directories moved under the test's own. */
  function run(integrity: string) {
    const [install] = pinnedToolInstall({ spec: SPEC, integrity });
    const script = install.replaceAll('/tmp/bluegreen-', `${work}/bluegreen-`);
    return spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}` },
    });
  }

  test('installs the fetched tarball when its SHA-512 is the pinned integrity, fetched outside the candidate', () => {
    const result = run(integrityOf(tarball));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(work, 'packed-in'), 'utf8').trim()).toBe(`${work}/bluegreen-pack`);
    expect(readFileSync(join(work, 'installed'), 'utf8').trim()).toBe(
      `install --prefix ${work}/bluegreen-tool --no-save --no-package-lock --ignore-scripts --no-audit --no-fund ${work}/bluegreen-pack/ecs-bluegreen-pipeline-1.2.3.tgz`,
    );
  });

  test('refuses, in one line naming the spec and the pinned integrity, a tarball with other bytes', () => {
    const pinned = integrityOf(Buffer.from('the tool the platform team reviewed'));
    const result = run(pinned);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${SPEC} is not the tarball the release stack pinned (${pinned}): not installing it\n`);
    expect(existsSync(join(work, 'installed'))).toBe(false);
  });
});
