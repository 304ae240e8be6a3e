import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuildSpec } from '../../../pipeline/delivery/buildspec-file';

// The copy loop of buildspecs/image.yml, run by sh with stand-ins for aws and docker that record their calls.
const copyLoop = loadBuildSpec('image.yml').commands.find((c) => c.includes('COPY_IMAGE_URIS'))!;
const DIGEST = 'sha256:1111';
const COPY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web';

function run(options: { copyExists: boolean; copyDigest: string; copies?: string; failPush?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'image-copy-'));
  const log = join(dir, 'calls.log');
  const pushed = join(dir, 'pushed');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub(
    'docker',
    `case "$1" in push) [ "${options.failPush ? 1 : 0}" = 1 ] && exit 1; touch "${pushed}";; esac; exit 0`,
  );
  stub(
    'aws',
    [
      'case "$*" in',
      '  *get-login-password*) echo token;;',
      `  *--query*) echo "${options.copyDigest}";;`,
      `  *describe-images*) [ "${options.copyExists ? 1 : 0}" = 1 ] || [ -f "${pushed}" ] || exit 254;;`,
      'esac',
    ].join('\n'),
  );
  const result = spawnSync('sh', ['-c', copyLoop], {
    encoding: 'utf8',
    env: {
      PATH: `${dir}:/usr/bin:/bin`,
      COPY_IMAGE_URIS: options.copies ?? COPY,
      IMAGE_TAG: 'commit-1',
      IMAGE_DIGEST: DIGEST,
      REPOSITORY_URI: '111111111111.dkr.ecr.eu-central-1.amazonaws.com/shop/web',
    },
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr, calls };
}

test('pushes the gated digest to a copy that lacks the tag, in the copy region, and checks its digest', () => {
  const { status, calls } = run({ copyExists: false, copyDigest: DIGEST });
  expect(status).toBe(0);
  expect(calls).toEqual(
    expect.arrayContaining([
      'aws ecr get-login-password --region eu-west-1',
      `docker pull 111111111111.dkr.ecr.eu-central-1.amazonaws.com/shop/web@${DIGEST}`,
      `docker tag 111111111111.dkr.ecr.eu-central-1.amazonaws.com/shop/web@${DIGEST} ${COPY}:commit-1`,
      `docker push ${COPY}:commit-1`,
    ]),
  );
  expect(calls.filter((c) => c.includes('--query'))).toHaveLength(1);
});

test('fails when the copy holds another digest than the gated one', () => {
  const { status, stderr } = run({ copyExists: true, copyDigest: 'sha256:2222' });
  expect(status).not.toBe(0);
  expect(stderr).toContain(`${COPY}:commit-1 has digest sha256:2222, not ${DIGEST}: the copy is not the gated image`);
});

test('a copy that already holds the tag with the gated digest is not pushed again (a re-run)', () => {
  const { status, calls } = run({ copyExists: true, copyDigest: DIGEST });
  expect(status).toBe(0);
  expect(calls.some((c) => c.startsWith('docker push'))).toBe(false);
});

test('without copies (every environment in the pipeline region) nothing runs', () => {
  expect(run({ copyExists: false, copyDigest: DIGEST, copies: '' }).calls).toEqual([]);
});

test('stops at a failed push, before judging any digest', () => {
  const { status, calls } = run({ copyExists: false, copyDigest: DIGEST, failPush: true });
  expect(status).not.toBe(0);
  expect(calls.some((c) => c.includes('--query'))).toBe(false);
});
