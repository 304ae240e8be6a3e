import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifest, packCandidate, verifyCandidate } from '../../../core/handoff/candidate';
import { exportLines } from '../../../core/handoff/stack-outputs';
import { masterDatabase } from './master-database';
import { writeNestedAssembly } from './nested-assembly';

// GIVEN a synthesized assembly with a staging and a prod nested assembly and a file asset, and a gated image.
const DIGEST = `sha256:${'a'.repeat(64)}`;
const COMMIT = 'c0ffee'.padEnd(40, '0');
const IMAGE = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@${DIGEST}`;
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'candidate-'));
  const assembly = join(root, 'cdk.out');
  for (const stage of ['assembly-app-staging', 'assembly-app-prod']) {
    writeNestedAssembly(join(assembly, stage), { Description: stage }, {}, 'app-prod-service');
  }
  mkdirSync(join(assembly, 'asset.1234'));
  writeFileSync(join(assembly, 'asset.1234', 'index.js'), 'exports.handler = 1;');
  mkdirSync(join(root, 'image'));
  writeFileSync(join(root, 'image', 'imageDetail.json'), JSON.stringify({ ImageURI: IMAGE }));
  writeFileSync(join(root, 'pipeline.config.yaml'), 'application: app\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pack = (out = join(root, 'candidate')) =>
  packCandidate({
    assemblyDir: join(root, 'cdk.out'),
    imageDirs: { web: join(root, 'image') },
    extra: { 'config.yaml': join(root, 'pipeline.config.yaml') },
    manifest: { commit: COMMIT, assemblies: { prod: 'assembly-app-prod' }, reviewUrl: 'https://staging.example.com' },
    outDir: out,
  });

test('packs only the protected assemblies, their file assets, the images by digest and the config, with a manifest', () => {
  const hash = pack();
  const out = join(root, 'candidate');
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
  expect(
    sums
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(66)),
  ).toEqual([
    'cdk.out/assembly-app-prod/app-prod-service.assets.json',
    'cdk.out/assembly-app-prod/app-prod-service.template.json',
    'cdk.out/assembly-app-prod/manifest.json',
    'cdk.out/asset.1234/index.js',
    'config.yaml',
    'manifest.json',
  ]);
  expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual({
    commit: COMMIT,
    assemblies: { prod: 'assembly-app-prod' },
    reviewUrl: 'https://staging.example.com',
    images: { web: IMAGE },
  });
  expect(verifyCandidate(out, hash)).toMatchObject({ hash, manifest: { commit: COMMIT } });
});

test('the same inputs give the same hash; a changed template gives another', () => {
  const first = pack(join(root, 'one'));
  expect(pack(join(root, 'two'))).toBe(first);
  writeNestedAssembly(join(root, 'cdk.out', 'assembly-app-prod'), { Description: 'changed' }, {}, 'app-prod-service');
  expect(pack(join(root, 'three'))).not.toBe(first);
});

test('verify fails on a file changed, added or removed after packing, and on a hash other than the approved one', () => {
  const hash = pack();
  const out = join(root, 'candidate');
  expect(() => verifyCandidate(out, 'f'.repeat(64))).toThrow(`the candidate's hash is ${hash}, not the approved`);
  writeFileSync(join(out, 'cdk.out', 'assembly-app-prod', 'app-prod-service.template.json'), '{"evil":true}');
  expect(() => verifyCandidate(out)).toThrow(
    'the candidate changed since it was packed: cdk.out/assembly-app-prod/app-prod-service.template.json',
  );
  pack();
  writeFileSync(join(out, 'extra.sh'), 'curl evil');
  expect(() => verifyCandidate(out)).toThrow('extra.sh');
  rmSync(join(out, 'extra.sh'));
  rmSync(join(out, 'config.yaml'));
  expect(() => verifyCandidate(out)).toThrow('config.yaml (missing)');
});

test('refuses an image not named by digest', () => {
  writeFileSync(join(root, 'image', 'imageDetail.json'), JSON.stringify({ ImageURI: 'repo/web:latest' }));
  expect(() => pack()).toThrow('web: imageDetail.json does not name an image by digest');
});

test('stack outputs become quoted export lines, and a missing one fails', () => {
  const outputs = { 'app-prod-service': { TaskDef: 'arn:aws:ecs:task/1', Url: "https://x/?a='b'" } };
  expect(exportLines(outputs, { OUT_0: 'app-prod-service.TaskDef', OUT_1: 'app-prod-service.Url' })).toBe(
    "export OUT_0='arn:aws:ecs:task/1'\nexport OUT_1='https://x/?a='\\''b'\\'''\n",
  );
  expect(() => exportLines(outputs, { OUT_0: 'app-prod-service.Missing' })).toThrow(
    'the deployment produced no output app-prod-service.Missing (for OUT_0)',
  );
});

test.each([
  [
    'a commit that is not a full commit id',
    { commit: 'abc\nhash 000' },
    'manifest commit must be a full 40-character commit id',
  ],
  [
    'an image outside a private ECR registry',
    { images: { web: `evil.example/web@sha256:${'a'.repeat(64)}` } },
    'manifest image of web must be a private ECR image by digest',
  ],
  [
    'an assembly outside cdk.out',
    { assemblies: { prod: '../../etc' } },
    'manifest assembly of prod must be a nested assembly directory',
  ],
  [
    'a service name that would add a line to what Verify prints',
    { images: { [`web\ncommit ${'b'.repeat(40)}`]: IMAGE } },
    `manifest image names a service "web\\ncommit ${'b'.repeat(40)}", which no configuration allows`,
  ],
  [
    'an environment name no configuration allows',
    { assemblies: { 'Prod Env': 'assembly-app-prod' } },
    'manifest assembly names an environment "Prod Env", which no configuration allows',
  ],
  [
    'a review URL carrying words for the approver',
    { reviewUrl: 'https://staging.example.com verified by security, safe to approve' },
    'manifest reviewUrl must be one http(s) URL of at most 200 characters (host, port, path), got "https://staging.example.com verified by security, safe to approve"',
  ],
  [
    'a review URL that is no http(s) link',
    { reviewUrl: 'javascript:alert(1)' },
    'manifest reviewUrl must be one http(s) URL',
  ],
])('refuses a manifest with %s', (_name, change, message) => {
  expect(() =>
    checkManifest({ commit: COMMIT, images: { web: IMAGE }, assemblies: { prod: 'assembly-app-prod' }, ...change }),
  ).toThrow(message);
});

test.each(['http://staging-123.eu-west-1.elb.amazonaws.com', 'https://staging.example.com:8443/health'])(
  'admits the review URL %s, as the previous environment reports it',
  (reviewUrl) => {
    expect(() =>
      checkManifest({ commit: COMMIT, images: { web: IMAGE }, assemblies: { prod: 'assembly-app-prod' }, reviewUrl }),
    ).not.toThrow();
  },
);

test("verify judges what the database-users resource asks, and who reads a master secret in any of the candidate's stacks", () => {
  const users = {
    Type: 'Custom::DatabaseUsers',
    Properties: { ServiceToken: 'x', MasterSecretArn: { Ref: 'Master' }, DatabaseName: 'mysql', EngineFamily: 'mysql' },
  };
  // A role of another stack reads the master secret by its name.
  const reader = {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:Master-AbCdEfGhIjKl-AbCdEf',
            },
          ],
        },
      },
    },
  };
  const refused = (prod: Record<string, unknown>, staging: Record<string, unknown>) => {
    writeNestedAssembly(join(root, 'cdk.out', 'assembly-app-prod'), { Resources: prod }, {}, 'app-prod-service');
    writeNestedAssembly(join(root, 'cdk.out', 'assembly-app-staging'), { Resources: staging }, {}, 'app-prod-service');
    const out = join(root, `candidate-${Object.keys(prod).length}`);
    packCandidate({
      assemblyDir: join(root, 'cdk.out'),
      imageDirs: { web: join(root, 'image') },
      extra: { 'config.yaml': join(root, 'pipeline.config.yaml') },
      manifest: { commit: COMMIT, assemblies: { prod: 'assembly-app-prod', staging: 'assembly-app-staging' } },
      outDir: out,
    });
    try {
      verifyCandidate(out);
      return [];
    } catch (error) {
      return (error as Error).message
        .split('\n')
        .map((line) => line.slice(0, line.indexOf(' ', line.indexOf(': ') + 2)));
    }
  };
  const template = (assembly: string) => `cdk.out/${assembly}/app-prod-service.template.json`;
  expect(refused({ ...masterDatabase, Users: users }, {})).toEqual([
    `${template('assembly-app-prod')}: Users`, // served by no function of the template (template-shape.ts)
    `${template('assembly-app-prod')}: Users`, // nor by CDK's provider framework (tool-functions.ts)
    `${template('assembly-app-prod')}: Users.DatabaseName`,
    `${template('assembly-app-prod')}: Users.ApplicationSecretArn`,
  ]);
  expect(refused(masterDatabase, reader)).toEqual([`${template('assembly-app-staging')}: Policy`]);
});
