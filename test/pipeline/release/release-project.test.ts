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
import { RELEASE_LOCKFILE } from '../../../model/tool-files';
import { pinnedToolInstall, ReleaseProject } from '../../../pipeline/release/release-project';
import { testApp } from '../../support/test-app';

const SPEC = 'ecs-bluegreen-pipeline@1.2.3';

// The install command run by bash, as CodeBuild runs it, with the real tar, openssl, base64 and npm: a small package
// named and shaped like the tool (its bin, its shipped lockfile) is the tarball the registry serves (`npm pack`, the
// one npm command faked) or the release stack's copy (`aws s3 cp`, faked).
describe('pinnedToolInstall, run by bash', () => {
  let work: string;
  let tarball: Buffer;
  const integrityOf = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'pinned-tool-'));
    const source = join(work, 'source', 'package');
    mkdirSync(join(source, 'dist', 'cli'), { recursive: true });
    const manifest = { name: 'ecs-bluegreen-pipeline', version: '1.2.3', bin: { bluegreen: 'dist/cli/bin.js' } };
    writeFileSync(join(source, 'package.json'), JSON.stringify(manifest));
    writeFileSync(
      join(source, RELEASE_LOCKFILE),
      JSON.stringify({ ...manifest, lockfileVersion: 3, requires: true, packages: { '': manifest } }),
    );
    writeFileSync(join(source, 'dist', 'cli', 'bin.js'), '#!/usr/bin/env node\nconsole.log("the pinned tool");\n');
    expect(spawnSync('tar', ['-czf', join(work, 'tool.tgz'), '-C', join(work, 'source'), 'package']).status).toBe(0);
    tarball = readFileSync(join(work, 'tool.tgz'));
    const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
    mkdirSync(join(work, 'bin'));
    writeFileSync(
      join(work, 'bin', 'npm'),
      `#!/bin/sh
if [ "$1" = pack ]; then
  cp "${work}/tool.tgz" "$PWD/ecs-bluegreen-pipeline-1.2.3.tgz"
  echo "$PWD" > "${work}/packed-in"
  echo '[{"filename":"ecs-bluegreen-pipeline-1.2.3.tgz"}]'
else
  echo "$PWD: $*" >> "${work}/npm-calls"
  exec "${npm}" "$@"
fi
`,
    );
    chmodSync(join(work, 'bin', 'npm'), 0o755);
    writeFileSync(join(work, 'bin', 'aws'), `#!/bin/sh\necho "$@" > "${work}/fetched"\ncp "${work}/tool.tgz" "$5"\n`);
    chmodSync(join(work, 'bin', 'aws'), 0o755);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** What `bluegreen` on the PATH printed after the install. */
  const ranTool = () => readFileSync(join(work, 'ran'), 'utf8');

  /** The install commands, then `bluegreen`, with the fixed directories moved under the test's own. */
  function run(integrity: string | undefined, tarballUrl?: string): { status: number | null; stderr: string } {
    const commands = pinnedToolInstall({ spec: SPEC, integrity }, tarballUrl);
    const script = [...commands, 'echo "$(bluegreen)" > ran']
      .join('\n')
      .replaceAll('/tmp/bluegreen-', `${work}/bluegreen-`);
    return spawnSync('bash', ['-e', '-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${join(work, 'bin')}:${process.env.PATH}`,
        npm_config_offline: 'true',
        npm_config_cache: join(work, 'npm-cache'),
      },
    });
  }

  test("installs the registry's tarball when its SHA-512 is the pinned integrity, fetched and installed outside the candidate, from the package's own lockfile", () => {
    const result = run(integrityOf(tarball));
    expect({ status: result.status, stderr: result.stderr, ran: ranTool() }).toEqual({
      status: 0,
      stderr: '',
      ran: 'the pinned tool\n',
    });
    expect(readFileSync(join(work, 'packed-in'), 'utf8').trim()).toBe(`${work}/bluegreen-pack`);
    expect(readFileSync(join(work, 'npm-calls'), 'utf8')).toBe(
      `${work}/bluegreen-tool: ci --omit=dev --ignore-scripts --no-audit --no-fund\n`,
    );
    expect(readFileSync(join(work, 'bluegreen-tool', 'package-lock.json'), 'utf8')).toBe(
      readFileSync(join(work, 'bluegreen-tool', RELEASE_LOCKFILE), 'utf8'),
    );
  });

  test('without an integrity, installs the spec from the registry the same way', () => {
    const result = run(undefined);
    expect({ status: result.status, stderr: result.stderr, ran: ranTool() }).toEqual({
      status: 0,
      stderr: '',
      ran: 'the pinned tool\n',
    });
    expect(existsSync(join(work, 'packed-in'))).toBe(true);
  });

  test('refuses, in one line naming the spec and the pinned integrity, a tarball with other bytes', () => {
    const pinned = integrityOf(Buffer.from('the tool the platform team reviewed'));
    const result = run(pinned);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${SPEC} is not the tarball the release stack pinned (${pinned}): not installing it\n`);
    expect(existsSync(join(work, 'npm-calls'))).toBe(false);
  });

  test("installs a vendored tarball from the release stack's copy, never from the registry", () => {
    const result = run(integrityOf(tarball), 's3://cdk-assets/abc.tgz');
    expect({ status: result.status, stderr: result.stderr, ran: ranTool() }).toEqual({
      status: 0,
      stderr: '',
      ran: 'the pinned tool\n',
    });
    expect(readFileSync(join(work, 'fetched'), 'utf8').trim()).toBe(
      `s3 cp --only-show-errors s3://cdk-assets/abc.tgz ${work}/bluegreen-pack/tool.tgz`,
    );
    expect(existsSync(join(work, 'packed-in'))).toBe(false);
  });

  test("refuses the release stack's copy when its bytes are not the pinned integrity", () => {
    const pinned = integrityOf(Buffer.from('the tool the platform team reviewed'));
    const result = run(pinned, 's3://cdk-assets/abc.tgz');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${SPEC} is not the tarball the release stack pinned (${pinned}): not installing it\n`);
    expect(existsSync(join(work, 'npm-calls'))).toBe(false);
  });

  test('stops when the lockfile does not match the package (npm ci installs nothing unlocked)', () => {
    const source = join(work, 'source', 'package');
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
    // A dependency the shipped lockfile does not hold (a folder of the package, so no registry is asked).
    mkdirSync(join(source, 'unlocked'));
    writeFileSync(join(source, 'unlocked', 'package.json'), JSON.stringify({ name: 'unlocked', version: '1.0.0' }));
    writeFileSync(
      join(source, 'package.json'),
      JSON.stringify({ ...manifest, dependencies: { unlocked: 'file:unlocked' } }),
    );
    spawnSync('tar', ['-czf', join(work, 'tool.tgz'), '-C', join(work, 'source'), 'package']);
    const result = run(undefined);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('in sync');
    expect(existsSync(join(work, 'ran'))).toBe(false);
    expect(existsSync(join(work, 'bluegreen-tool', 'node_modules', 'unlocked'))).toBe(false);
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
