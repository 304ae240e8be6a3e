import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuildSpec } from '../../../pipeline/delivery/buildspec-file';
import { parseConfig } from '../../../model/config/load';
import { REPO_ROOT } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN the three-service fixture (prod protected) with three more workers: six images, more than the five input
// artifacts a CodeBuild action takes (CodePipeline user guide, "Valid input and output artifacts").
const fixture = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'three-services.yaml'), 'utf8');
const extraWorkers = ['mailer', 'indexer', 'reports']
  .map(
    (name) => `  - name: ${name}\n    kind: worker\n    buildContext: service\n    command: [node, dist/${name}.js]\n`,
  )
  .join('');
const config = parseConfig(fixture.replace('environments:\n', `${extraWorkers}environments:\n`), 'six-services.yaml');
const { pipeline } = synthesized(config);

interface Action {
  Name: string;
  InputArtifacts?: { Name: string }[];
  Configuration: { EnvironmentVariables?: string };
}
const actions = (
  Object.values(pipeline.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages as {
    Actions: Action[];
  }[]
).flatMap((stage) => stage.Actions);
const handoff = actions.find((a) => a.Name === 'Hand-off-to-release-pipeline')!;

test('six services synthesize, and the hand-off takes the source and the synth output only', () => {
  expect(config.services).toHaveLength(6);
  expect(handoff.InputArtifacts!.map((a) => a.Name).sort()).toEqual(['Synth_Output', 'my_org_shop_Source']);
});

test("the hand-off names each service's repository, reads digests there only, and grows no action configuration per image", () => {
  // Within CodePipeline's 1000 characters per configuration value (preflight pipeline-action-configuration-length),
  // whatever the number of images: no variable per image.
  const variables = JSON.parse(handoff.Configuration.EnvironmentVariables!) as { name: string }[];
  expect(variables.map((v) => v.name).sort()).toEqual(['COMMIT_ID', 'REVIEW_URL']);
  const project = pipeline.toJSON().Resources[
    (handoff.Configuration as unknown as { ProjectName: { Ref: string } }).ProjectName.Ref
  ] as { Properties: { Environment: { EnvironmentVariables: { Name: string; Value: unknown }[] } } };
  const repositories = project.Properties.Environment.EnvironmentVariables.find((v) => v.Name === 'IMAGE_REPOSITORIES');
  const text = JSON.stringify(repositories?.Value);
  for (const service of ['web', 'api', 'worker', 'mailer', 'indexer', 'reports']) expect(text).toContain(`${service}=`);
  const reads = Object.values(pipeline.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('HandoffStepRole'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
    .filter((st) => JSON.stringify(st.Action).includes('ecr:'));
  expect(reads).toHaveLength(1);
  expect(reads[0].Action).toBe('ecr:DescribeImages');
  expect(reads[0].Resource).toHaveLength(6);
});

describe("the step writes each service's gated image as the imageDetail.json that handoff pack reads, under sh", () => {
  const COMMIT = 'a'.repeat(40);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-images-'));
    mkdirSync(join(dir, 'bin'));
    // The AWS CLI: the digest each repository's commit tag names; none for a repository called 'missing'.
    writeFileSync(
      join(dir, 'bin', 'aws'),
      `#!/bin/sh
echo "$@" >> "${dir}/calls"
case "$4" in
  app/web) echo sha256:${'1'.repeat(64)} ;;
  app/worker) echo sha256:${'2'.repeat(64)} ;;
  *) echo None ;;
esac
`,
    );
    chmodSync(join(dir, 'bin', 'aws'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (repositories: string) =>
    spawnSync('sh', ['-c', loadBuildSpec('handoff.yml').commands[0]], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, IMAGE_REPOSITORIES: repositories, COMMIT_ID: COMMIT },
    });
  const registry = '111111111111.dkr.ecr.eu-west-1.amazonaws.com';

  test('by the digest its repository tags with the commit', () => {
    const result = run(`web=${registry}/app/web worker=${registry}/app/worker beat=${registry}/app/web`);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const detail = (service: string) =>
      JSON.parse(readFileSync(join(dir, 'handoff-images', service, 'imageDetail.json'), 'utf8')) as unknown;
    expect([detail('web'), detail('worker'), detail('beat')]).toEqual([
      { ImageURI: `${registry}/app/web@sha256:${'1'.repeat(64)}` },
      { ImageURI: `${registry}/app/worker@sha256:${'2'.repeat(64)}` },
      { ImageURI: `${registry}/app/web@sha256:${'1'.repeat(64)}` },
    ]);
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n')[0]).toBe(
      `ecr describe-images --repository-name app/web --image-ids imageTag=${COMMIT} --query imageDetails[0].imageDigest --output text`,
    );
  });

  test('stops, naming the repository and the tag, when the commit has no image there', () => {
    const result = run(`web=${registry}/app/web reports=${registry}/app/missing`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`app/missing has no image tagged ${COMMIT} (None)\n`);
    expect(existsSync(join(dir, 'handoff-images', 'reports'))).toBe(false);
  });
});
