import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCandidate, verifyCandidate } from '../../../core/handoff/candidate';
import { writeNestedAssembly } from './nested-assembly';
import {
  checkPinnedImages,
  containerImages,
  digestsByRepository,
  pinImages,
  unpinnedImages,
  type Json,
} from '../../../core/handoff/template-images';

const TOOLS = '510000000001';
const DIGEST = `sha256:${'d'.repeat(64)}`;
const COMMIT = 'f'.repeat(40);
/** An image as CDK writes it into a task definition: the registry in the environment's region, by the commit's tag. */
const byTag = (repository: string, account = TOOLS): Json => ({
  'Fn::Join': ['', [`${account}.dkr.ecr.eu-west-1.`, { Ref: 'AWS::URLSuffix' }, `/${repository}:${COMMIT}`]],
});
const taskDefinition = (...images: Json[]): Json => ({
  Resources: {
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { ContainerDefinitions: images.map((Image) => ({ Name: 'c', Image })) },
    },
  },
});
const digests = new Map([['helpdesk/web', DIGEST]]);

test("pins the application's images to their digest, in the environment's registry, and leaves another registry's image by digest alone", () => {
  const sidecar = `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${'1'.repeat(64)}`;
  const pinned = pinImages(taskDefinition(byTag('helpdesk/web'), sidecar), TOOLS, 'helpdesk/', digests);
  expect(containerImages(pinned).map(({ image }) => image)).toEqual([
    `${TOOLS}.dkr.ecr.eu-west-1.\${AWS::URLSuffix}/helpdesk/web@${DIGEST}`,
    sidecar,
  ]);
  expect(unpinnedImages(pinned, TOOLS, 'helpdesk/', digests)).toEqual([]);
});

const tagText = (repository: string) => `${TOOLS}.dkr.ecr.eu-west-1.\${AWS::URLSuffix}/${repository}:${COMMIT}`;
const otherDigest = `${TOOLS}.dkr.ecr.eu-west-1.amazonaws.com/helpdesk/web@sha256:${'e'.repeat(64)}`;

test.each<[string, Json, string, string]>([
  ['by its tag', byTag('helpdesk/web'), tagText('helpdesk/web'), DIGEST],
  ['by another digest', otherDigest, otherDigest, DIGEST],
  [
    'of a repository the manifest has no image of',
    byTag('helpdesk/other'),
    tagText('helpdesk/other'),
    'no image of helpdesk/other in the manifest',
  ],
])('refuses an application image named %s', (_case, image, text, why) => {
  expect(unpinnedImages(taskDefinition(image), TOOLS, 'helpdesk/', digests)).toEqual([
    `Task runs ${text}: a protected task must name its image by the digest the approval shows (${why})`,
  ]);
});

test('digestsByRepository reads each repository of the gated images', () => {
  expect(digestsByRepository([`${TOOLS}.dkr.ecr.eu-central-1.amazonaws.com/helpdesk/web@${DIGEST}`])).toEqual(digests);
});

describe('pack and Verify', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'template-images-'));
    writeNestedAssembly(
      join(root, 'cdk.out', 'assembly-app-prod'),
      taskDefinition(byTag('helpdesk/web')),
      {},
      'app-prod-service',
    );
    mkdirSync(join(root, 'image'));
    writeFileSync(
      join(root, 'image', 'imageDetail.json'),
      JSON.stringify({ ImageURI: `${TOOLS}.dkr.ecr.eu-central-1.amazonaws.com/helpdesk/web@${DIGEST}` }),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const template = (dir: string) =>
    JSON.parse(
      readFileSync(join(dir, 'cdk.out', 'assembly-app-prod', 'app-prod-service.template.json'), 'utf8'),
    ) as Json;

  test('the hand-off pins the protected templates and republishes them under their new hash, and Verify admits them', () => {
    const out = join(root, 'candidate');
    packCandidate({
      assemblyDir: join(root, 'cdk.out'),
      imageDirs: { web: join(root, 'image'), worker: join(root, 'image') },
      extra: {},
      manifest: { commit: COMMIT, assemblies: { prod: 'assembly-app-prod' } },
      outDir: out,
    });
    expect(containerImages(template(out))[0].image).toBe(
      `${TOOLS}.dkr.ecr.eu-west-1.\${AWS::URLSuffix}/helpdesk/web@${DIGEST}`,
    );
    expect(() => checkPinnedImages(out, ['assembly-app-prod'], TOOLS, 'helpdesk/', digests)).not.toThrow();
    // The stack deploys the pinned template: its asset and URL carry the new content's SHA-256.
    expect(() => verifyCandidate(out)).not.toThrow();
  });

  test('Verify refuses a candidate packed without pinning, naming the file and the task definition', () => {
    expect(() => checkPinnedImages(root, ['assembly-app-prod'], TOOLS, 'helpdesk/', digests)).toThrow(
      `cdk.out/assembly-app-prod/app-prod-service.template.json: Task runs ${TOOLS}.dkr.ecr.eu-west-1.\${AWS::URLSuffix}/helpdesk/web:${COMMIT}: a protected task must name its image by the digest the approval shows (${DIGEST})`,
    );
  });
});

test.each<[string, Json]>([
  ["another registry's image by tag", 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0'],
  ['an image with no tag or digest', `${TOOLS}.dkr.ecr.eu-west-1.amazonaws.com/helpdesk/web`],
  [
    "the application's repository through the dual-stack endpoint, by another digest",
    `${TOOLS}.dkr-ecr.eu-west-1.on.aws/helpdesk/web@sha256:${'e'.repeat(64)}`,
  ],
  [
    "another account's private registry, by digest",
    `999999999999.dkr.ecr.eu-west-1.amazonaws.com/x@sha256:${'e'.repeat(64)}`,
  ],
  ['a value Verify cannot read', { 'Fn::Sub': '${Registry}/helpdesk/web:evil' }],
])('refuses %s, failing closed', (_case, image) => {
  expect(unpinnedImages(taskDefinition(image), TOOLS, 'helpdesk/', digests)).toEqual([
    expect.stringContaining(
      "a protected task may run only the application's images by the digest the approval shows and other public registries' images by digest",
    ),
  ]);
});

test('refuses a container that tells ECS not to resolve its tag to a digest, even one pinned', () => {
  const template: Json = {
    Resources: {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            {
              Name: 'c',
              Image: `${TOOLS}.dkr.ecr.eu-west-1.amazonaws.com/helpdesk/web@${DIGEST}`,
              VersionConsistency: 'disabled',
            },
          ],
        },
      },
    },
  };
  expect(unpinnedImages(template, TOOLS, 'helpdesk/', digests)).toEqual([
    `Task runs ${TOOLS}.dkr.ecr.eu-west-1.amazonaws.com/helpdesk/web@${DIGEST} with versionConsistency disabled: ECS would pull whatever its tag names then`,
  ]);
});
