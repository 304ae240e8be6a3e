import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

test("each service's gated image reaches the hand-off as its scan step's exported URI", () => {
  // Within CodePipeline's 1000 characters per configuration value (preflight pipeline-action-configuration-length).
  expect(handoff.Configuration.EnvironmentVariables!.length).toBeLessThanOrEqual(1000);
  const variables = JSON.parse(handoff.Configuration.EnvironmentVariables!) as { name: string; value: string }[];
  const uris = variables.filter((v) => v.name.startsWith('IMAGE_URI_')).map((v) => v.value);
  expect(uris).toEqual(
    ['web', 'api', 'worker', 'mailer', 'indexer', 'reports'].map((s) => `#{Image@ScanImage-${s}.IMAGE_URI}`),
  );
});

test("the step writes each service's image back as the imageDetail.json that handoff pack reads, under sh", () => {
  const [writeImages] = loadBuildSpec('handoff.yml').commands;
  const dir = mkdtempSync(join(tmpdir(), 'handoff-images-'));
  try {
    const run = spawnSync('sh', ['-c', writeImages], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        IMAGE_SERVICES: 'web worker',
        IMAGE_URI_0: 'r/web@sha256:aa',
        IMAGE_URI_1: 'r/web@sha256:bb',
      },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const detail = (service: string) =>
      JSON.parse(readFileSync(join(dir, 'handoff-images', service, 'imageDetail.json'), 'utf8')) as unknown;
    expect([detail('web'), detail('worker')]).toEqual([
      { ImageURI: 'r/web@sha256:aa' },
      { ImageURI: 'r/web@sha256:bb' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
