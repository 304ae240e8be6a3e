import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import {
  CDK_ASSETS_SCHEMA_MAJOR,
  RELABEL_ASSET_MANIFESTS_COMMAND,
  SAME_ASSET_SCHEMA_MAJORS,
} from '../../../pipeline/delivery/asset-manifest-version';
import { TOOL_VERSIONS } from '../../../pipeline/delivery/tool-versions';
import { REPO_ROOT } from '../../support/configs';
import { testApp } from '../../support/test-app';

/** SHA-256 of assets.schema.json as @aws-cdk/cloud-assembly-schema 54.26.0 published it. */
const SCHEMA_54_ASSETS = '63c74acf7436ddbcba3e5ad7ac16a2f1014a0082877033dececd7d8c0104d309';
const CDK_ASSETS = join(REPO_ROOT, 'node_modules', '.bin', 'cdk-assets');

// GIVEN a cloud assembly as aws-cdk-lib writes it: one stack with a file asset, in an environment.
let outdir: string;
let manifestFile: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'asset-manifest-'));
  const assetDir = mkdtempSync(join(outdir, 'source-'));
  writeFileSync(join(assetDir, 'index.js'), 'exports.handler = async () => {};');
  const app = testApp({ outdir });
  const stack = new Stack(app, 'Assets', { env: { account: '222222222222', region: 'eu-west-1' } });
  new s3assets.Asset(stack, 'Code', { path: assetDir });
  app.synth();
  manifestFile = readdirSync(outdir).find((f) => f.endsWith('.assets.json'))!;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const cdkAssetsList = () =>
  spawnSync(CDK_ASSETS, ['--path', manifestFile, 'ls'], { cwd: outdir, encoding: 'utf8', timeout: 30_000 });
const relabel = (cwd: string) =>
  spawnSync('sh', ['-c', RELABEL_ASSET_MANIFESTS_COMMAND], { cwd, encoding: 'utf8', timeout: 30_000 });

test("aws-cdk-lib's asset manifest schema is the very file of major 54, so relabelling changes only the number", () => {
  const schema = readFileSync(require.resolve('@aws-cdk/cloud-assembly-schema/schema/assets.schema.json'));
  expect(createHash('sha256').update(schema).digest('hex')).toBe(SCHEMA_54_ASSETS);
  const written = Number(Manifest.version().split('.')[0]);
  expect(written <= CDK_ASSETS_SCHEMA_MAJOR || SAME_ASSET_SCHEMA_MAJORS.includes(written)).toBe(true);
});

test('the cdk-assets these tests run is the version the Assets stage installs', () => {
  const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'cdk-assets', 'package.json'), 'utf8'));
  expect(installed.version).toBe(TOOL_VERSIONS.cdkAssets);
});

test('the pinned cdk-assets refuses the manifest as written, and reads it, every asset listed, once relabelled', () => {
  const before = cdkAssetsList();
  expect(before.status).not.toBe(0);
  expect(before.stderr + before.stdout).toContain(
    `Maximum schema version supported is ${CDK_ASSETS_SCHEMA_MAJOR}.x.x, but found ${Manifest.version()}`,
  );

  expect(relabel(outdir)).toMatchObject({ status: 0, stderr: '' });
  const after = cdkAssetsList();
  expect({ status: after.status, stderr: after.stderr }).toEqual({ status: 0, stderr: '' });
  const assets = Object.keys(JSON.parse(readFileSync(join(outdir, manifestFile), 'utf8')).files);
  expect(assets.length).toBeGreaterThan(1);
  for (const asset of assets) expect(after.stdout).toContain(asset);
});

test('a manifest of a major no one compared stops the project, naming the file and what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asset-manifest-new-'));
  try {
    writeFileSync(join(dir, 'App.assets.json'), JSON.stringify({ version: '99.0.0', files: {} }));
    const run = relabel(dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `App.assets.json: asset manifest schema 99.0.0 is newer than the ${CDK_ASSETS_SCHEMA_MAJOR} the pinned ` +
        'cdk-assets reads; upgrade the tool, which pins a cdk-assets that reads it',
    );
    expect(JSON.parse(readFileSync(join(dir, 'App.assets.json'), 'utf8')).version).toBe('99.0.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("leaves an application's own files named *.assets.json inside an asset alone", () => {
  const dir = mkdtempSync(join(tmpdir(), 'asset-manifest-app-'));
  try {
    mkdirSync(join(dir, 'asset.abc'));
    writeFileSync(join(dir, 'asset.abc', 'web.assets.json'), 'not a manifest');
    writeFileSync(join(dir, 'App.assets.json'), JSON.stringify({ version: '55.0.0', files: {} }));
    expect(relabel(dir)).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(dir, 'asset.abc', 'web.assets.json'), 'utf8')).toBe('not a manifest');
    expect(JSON.parse(readFileSync(join(dir, 'App.assets.json'), 'utf8')).version).toBe('54.0.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
