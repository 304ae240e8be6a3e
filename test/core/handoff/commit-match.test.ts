import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCandidate, verifyCandidate } from '../../../core/handoff/candidate';
import { commitMatchProblems, synthesisHash } from '../../../core/handoff/commit-match';
import { writeNestedAssembly } from './nested-assembly';

// GIVEN a commit (its files and its synthesized cdk.out, whose prod task definition names the image by the commit's
// tag), and the candidate the delivery pipeline packed from that same synthesis, with the image pinned by digest.
const COMMIT = 'c0ffee'.padEnd(40, '0');
const DIGEST = `sha256:${'a'.repeat(64)}`;
const REPOSITORY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web';
const template = (image: string) => ({
  Resources: {
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'web', Image: image }] } },
  },
});

let root: string;
let source: string;
let synthesized: string;
let candidate: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'commit-match-'));
  source = join(root, 'source');
  mkdirSync(join(source, 'suite'), { recursive: true });
  writeFileSync(join(source, 'pipeline.config.yaml'), 'application: app\n');
  writeFileSync(join(source, 'suite', 'smoke.test.js'), 'test("up", () => {});\n');
  synthesized = join(root, 'resynth');
  const assembly = join(synthesized, 'cdk.out');
  for (const stage of ['assembly-app-staging', 'assembly-app-prod']) {
    writeNestedAssembly(join(assembly, stage), template(`${REPOSITORY}:${COMMIT}`), {}, `${stage}-service`);
  }
  mkdirSync(join(assembly, 'asset.1234'));
  writeFileSync(join(assembly, 'asset.1234', 'index.js'), 'exports.handler = 1;');
  mkdirSync(join(root, 'image'));
  writeFileSync(join(root, 'image', 'imageDetail.json'), JSON.stringify({ ImageURI: `${REPOSITORY}@${DIGEST}` }));
  // The delivery pipeline's synthesis of the same commit, packed as its hand-off does.
  cpSync(assembly, join(root, 'delivery-cdk.out'), { recursive: true });
  candidate = join(root, 'candidate');
  packCandidate({
    assemblyDir: join(root, 'delivery-cdk.out'),
    imageDirs: { web: join(root, 'image') },
    extra: { 'config.yaml': join(source, 'pipeline.config.yaml') },
    manifest: { commit: COMMIT, assemblies: { prod: 'assembly-app-prod' } },
    outDir: candidate,
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const problems = (overrides: { commit?: string; hash?: string; suiteDir?: string } = {}) =>
  commitMatchProblems(candidate, verifyCandidate(candidate).manifest, {
    commit: overrides.commit ?? COMMIT,
    sourceDir: source,
    synthesizedDir: synthesized,
    synthesizedHash: overrides.hash ?? synthesisHash(synthesized),
    suiteDir: overrides.suiteDir,
  });

test('a candidate packed from the commit matches it, its images pinned by digest on both sides', () => {
  expect(
    readFileSync(join(candidate, 'cdk.out/assembly-app-prod/assembly-app-prod-service.template.json'), 'utf8'),
  ).toContain(`@${DIGEST}`);
  expect(problems()).toEqual([]);
});

test('the hash is the one the Resynthesize build computes with find, sort, sha256sum', () => {
  const shell = execFileSync(
    'sh',
    ['-c', "find cdk.out -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1"],
    { cwd: synthesized, encoding: 'utf8' },
  ).trim();
  expect(synthesisHash(synthesized)).toBe(shell);
});

test('refuses a candidate that names another commit than the one the pipeline fetched', () => {
  const other = 'b'.repeat(40);
  expect(problems({ commit: other })).toEqual([
    `the candidate names commit ${COMMIT}, but the release pipeline fetched ${other}`,
  ]);
});

test('refuses a synthesized output that changed after its build hashed it', () => {
  const built = synthesisHash(synthesized);
  writeFileSync(join(synthesized, 'cdk.out', 'asset.1234', 'index.js'), 'exports.handler = 2;');
  expect(problems({ hash: built })).toEqual([
    expect.stringMatching(
      /^the synthesized output is not the one its build wrote \(hash [0-9a-f]{64}, the build exported /,
    ),
  ]);
});

test('pins images on both sides: a commit tag of the same repository is no difference', () => {
  const prod = join(synthesized, 'cdk.out', 'assembly-app-prod');
  writeNestedAssembly(prod, template(`${REPOSITORY}:${'d'.repeat(40)}`), {}, 'assembly-app-prod-service');
  expect(problems()).toEqual([]);
});

test("names each file of the protected assembly that is not what the commit synthesizes, and the commit's missing ones", () => {
  const prod = join(synthesized, 'cdk.out', 'assembly-app-prod');
  const changed = template(`${REPOSITORY}:${COMMIT}`);
  Object.assign(changed.Resources, { Extra: { Type: 'AWS::SNS::Topic' } });
  writeNestedAssembly(prod, changed, {}, 'assembly-app-prod-service');
  rmSync(join(synthesized, 'cdk.out', 'asset.1234'), { recursive: true });
  expect(problems()).toEqual([
    'cdk.out/assembly-app-prod/assembly-app-prod-service.assets.json: not what the commit synthesizes (differs)',
    'cdk.out/assembly-app-prod/assembly-app-prod-service.template.json: not what the commit synthesizes (differs)',
    'cdk.out/assembly-app-prod/manifest.json: not what the commit synthesizes (differs)',
    'cdk.out/asset.1234/index.js (missing): not what the commit synthesizes',
  ]);
});

test("a stack's metadata.json (construct traces with the checkout's absolute paths) is no difference", () => {
  const prod = join(synthesized, 'cdk.out', 'assembly-app-prod');
  writeFileSync(join(prod, 'AppProdService.metadata.json'), '{"trace":"/codebuild/output/src1/src/app.ts:1"}');
  expect(problems()).toEqual([]);
});

test("refuses when the commit does not synthesize the candidate's assembly at all", () => {
  rmSync(join(synthesized, 'cdk.out', 'assembly-app-prod'), { recursive: true });
  expect(problems()).toEqual([
    expect.stringMatching(
      /^the commit does not synthesize the candidate's assemblies: no nested assembly assembly-app-prod/,
    ),
  ]);
});

test("refuses a configuration other than the commit's pipeline.config.yaml", () => {
  writeFileSync(join(source, 'pipeline.config.yaml'), 'application: other\n');
  expect(problems()).toEqual(["config.yaml is not the commit's pipeline.config.yaml"]);
});

describe('with a suite source', () => {
  const packWithSuite = (suiteDir: string) => {
    rmSync(candidate, { recursive: true });
    execFileSync('zip', ['-qr', join(root, 'suite.zip'), '.'], { cwd: suiteDir });
    packCandidate({
      assemblyDir: join(root, 'delivery-cdk.out'),
      imageDirs: { web: join(root, 'image') },
      extra: { 'config.yaml': join(source, 'pipeline.config.yaml'), 'suite.zip': join(root, 'suite.zip') },
      manifest: { commit: COMMIT, assemblies: { prod: 'assembly-app-prod' } },
      outDir: candidate,
    });
  };

  test("matches the commit's files, leaving out what the hand-off never zips (node_modules)", () => {
    const extracted = join(root, 'extracted');
    cpSync(source, extracted, { recursive: true });
    packWithSuite(extracted);
    mkdirSync(join(source, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(source, 'node_modules', 'x', 'index.js'), '');
    expect(problems({ suiteDir: extracted })).toEqual([]);
  });

  test("names a suite file that is not the commit's, one the commit lacks, and one the suite lacks", () => {
    const extracted = join(root, 'extracted');
    cpSync(source, extracted, { recursive: true });
    writeFileSync(join(extracted, 'suite', 'smoke.test.js'), 'test("up", () => { process.exit(0); });\n');
    writeFileSync(join(extracted, 'suite', 'extra.js'), '');
    rmSync(join(extracted, 'pipeline.config.yaml'));
    packWithSuite(extracted);
    expect(problems({ suiteDir: extracted }).sort()).toEqual([
      "suite.zip lacks the commit's pipeline.config.yaml",
      "suite.zip: suite/extra.js is not the commit's",
      "suite.zip: suite/smoke.test.js is not the commit's",
    ]);
  });

  test('refuses a suite entry the comparison would not read: a link, or a file where the hand-off zips nothing', () => {
    const extracted = join(root, 'extracted');
    cpSync(source, extracted, { recursive: true });
    mkdirSync(join(extracted, 'handoff-x'));
    writeFileSync(join(extracted, 'handoff-x', 'pwn.test.js'), '');
    symlinkSync('smoke.test.js', join(extracted, 'suite', 'run.sh'));
    packWithSuite(extracted);
    expect(problems({ suiteDir: extracted }).sort()).toEqual([
      'suite.zip: handoff-x/pwn.test.js is where the hand-off zips nothing',
      'suite.zip: suite/run.sh is a link, which no suite holds',
    ]);
  });

  test('refuses a candidate with a suite when no extracted suite is given', () => {
    packWithSuite(source);
    expect(problems()).toEqual(['the candidate holds suite.zip, and no extracted suite was given to compare']);
  });
});
