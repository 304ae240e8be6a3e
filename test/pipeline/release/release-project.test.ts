import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { PINNED_TOOL_DIR, pinnedToolInstall, ReleaseProject } from '../../../pipeline/release/release-project';
import { testApp } from '../../support/test-app';

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
    // The AWS CLI of the image, fetching the release stack's copy of a vendored tarball.
    writeFileSync(
      join(work, 'bin', 'aws'),
      `#!/bin/sh
echo "$@" > "${work}/fetched"
cp "${work}/tool.tgz" "$5"
`,
    );
    chmodSync(join(work, 'bin', 'aws'), 0o755);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** The install command with the fixed directories moved under the test's own. */
  function run(integrity: string, tarballUrl?: string) {
    const [install] = pinnedToolInstall({ spec: SPEC, integrity }, tarballUrl);
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

  test("installs a vendored tarball from the release stack's copy, never from the registry", () => {
    const result = run(integrityOf(tarball), 's3://cdk-assets/abc.tgz');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(join(work, 'fetched'), 'utf8').trim()).toBe(
      `s3 cp --only-show-errors s3://cdk-assets/abc.tgz ${work}/bluegreen-pack/tool.tgz`,
    );
    expect(existsSync(join(work, 'packed-in'))).toBe(false);
    expect(readFileSync(join(work, 'installed'), 'utf8').trim()).toMatch(
      / --ignore-scripts .* \S+\/bluegreen-pack\/tool\.tgz$/,
    );
  });

  test("refuses the release stack's copy when its bytes are not the pinned integrity", () => {
    const pinned = integrityOf(Buffer.from('the tool the platform team reviewed'));
    const result = run(pinned, 's3://cdk-assets/abc.tgz');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${SPEC} is not the tarball the release stack pinned (${pinned}): not installing it\n`);
    expect(existsSync(join(work, 'installed'))).toBe(false);
  });
});

describe('a ReleaseProject of a vendored tool', () => {
  test("publishes the tarball once with the stack, lets each project's role read it and fetches it from there", () => {
    const app = testApp();
    const stack = new Stack(app, 'Release', { env: { account: '111111111111', region: 'eu-west-1' } });
    const dir = mkdtempSync(join(tmpdir(), 'vendored-'));
    const file = join(dir, 'ecs-bluegreen-pipeline-1.2.3.tgz');
    writeFileSync(file, 'tarball');
    const tool = { spec: SPEC, integrity: `sha512-${'A'.repeat(86)}==`, tarball: file };
    const key = new kms.Key(stack, 'Key');
    const logging = {};
    for (const id of ['Verify', 'Deploy']) {
      const role = new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      new ReleaseProject(stack, id, { buildSpec: 'verify.yml', tool, role, encryptionKey: key, logging });
    }
    const template = Template.fromStack(stack);
    const assets = stack.node.findAll().filter((c): c is s3assets.Asset => c instanceof s3assets.Asset);
    expect(assets).toHaveLength(1);
    const commands = Object.values(template.findResources('AWS::CodeBuild::Project')).map((p) =>
      JSON.stringify(p.Properties.Source.BuildSpec),
    );
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      expect(command).toContain('aws s3 cp --only-show-errors');
      expect(command).toContain(`${assets[0].assetHash}.tgz`);
      expect(command).not.toContain('npm pack');
    }
    const reads = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).filter((st) =>
        JSON.stringify(st.Action).includes('s3:Get'),
      ),
    );
    // Each role reads that one object, nothing else of the bootstrap bucket.
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read.Action).toBe('s3:GetObject');
      expect(read.Resource).toBe(`arn:aws:s3:::cdk-hnb659fds-assets-111111111111-eu-west-1/${assets[0].assetHash}.tgz`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
