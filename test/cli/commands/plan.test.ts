import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/configs';
import { useInProcessCli } from '../../support/in-process-cli';

// A pipeline with no stages is enough: the warning is about the file's age, not its content.
const EMPTY_PIPELINE = JSON.stringify({
  Resources: { Pipeline: { Type: 'AWS::CodePipeline::Pipeline', Properties: { Stages: [] } } },
});

describe('bluegreen plan on an assembly and a configuration of different ages', () => {
  const cli = useInProcessCli('plan-age', (work) => {
    copyFileSync(join(REPO_ROOT, 'pipeline.config.yaml'), join(work, 'pipeline.config.yaml'));
    mkdirSync(join(work, 'cdk.out'));
    writeFileSync(join(work, 'cdk.out', 'sample-pipeline.template.json'), EMPTY_PIPELINE);
  });
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(cli.work(), file), when, when);
  };

  test('warns, naming the pipeline, when the configuration changed after the synth', async () => {
    age('cdk.out/sample-pipeline.template.json', 60);
    const run = await cli.run(['plan']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'plan: warning: the pipeline sample-pipeline in cdk.out/sample-pipeline.template.json was synthesized before ' +
        'pipeline.config.yaml last changed; its stages may be out of date. Run `npm start` (or `npx bluegreen cdk synth`) again.\n',
    );
  });

  test('says nothing of age when the synth is newer than the configuration', async () => {
    age('pipeline.config.yaml', 60);
    const run = await cli.run(['plan']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
