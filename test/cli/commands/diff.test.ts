import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineConfig } from '../../../model/config';
import { bluegreen } from './support/deployments';
import { fixtureConfig, REPO_ROOT } from '../../support/configs';
import { runCli } from '../../support/in-process-cli';
import { synthesized } from '../../support/synthesized';
import { changedDataApp as changedConfig, writeAssembly as writeStacks, type StackFile } from './support/diff';

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bluegreen-diff-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeAssembly(name: string, stacks: StackFile[]) {
  return writeStacks(work, name, stacks);
}

/** The staging service stack of a configuration of the data-app fixture (queue: a web service and a MySQL database). */
function stagingAssembly(name: string, config: PipelineConfig) {
  const template = synthesized(config).environments.staging.toJSON();
  return writeAssembly(name, [
    { stackName: 'queue-staging-service', account: '222222222222', region: 'eu-central-1', template },
  ]);
}

describe('bluegreen diff between the assemblies of two configurations', () => {
  let from = '';
  let to = '';
  beforeAll(() => {
    from = stagingAssembly('from', fixtureConfig('data-app'));
    to = stagingAssembly('to', changedConfig());
  });

  test('marks the load-balancer change of the CODE_DEPLOY service REFUSED and the database rename REPLACES (exit 3)', async () => {
    const run = await bluegreen(['diff', '--from', from, '--to', to], {});

    if (process.env.DIFF_SAMPLE) writeFileSync(process.env.DIFF_SAMPLE, run.stdout);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Stack queue-staging-service (222222222222, eu-central-1)');
    const serviceAt = lines.findIndex((l) => /^ {2}~ \S+ AWS::ECS::Service REFUSED$/.test(l));
    expect(serviceAt).toBeGreaterThan(0);
    const serviceBlock = lines.slice(
      serviceAt + 1,
      lines.findIndex((l, i) => i > serviceAt && /^ {2}[~+-] /.test(l)),
    );
    expect(serviceBlock).toContain('      LoadBalancers[0].ContainerPort');
    expect(serviceBlock[0]).toMatch(
      /^ {4}REFUSED: CloudFormation refuses to update LoadBalancers(, \w+)* of a service with a CODE_DEPLOY/,
    );
    const databaseAt = lines.findIndex((l) => /^ {2}~ \S+ AWS::RDS::DBInstance REPLACES$/.test(l));
    expect(databaseAt).toBeGreaterThan(0);
    expect(lines[databaseAt + 1]).toMatch(/^ {4}REPLACES: a change of DBName replaces this AWS::RDS::DBInstance/);
    expect(lines).toContain('      DBName');
    expect(run.stdout).not.toContain('\u001b[');
    expect(lines.at(-2)).toMatch(
      /^\d+ resource change\(s\) in 1 stack\(s\); 2 marked \(REFUSED, REPLACES or DELETES\)/,
    );
  });

  test('on a terminal the marker words are red', async () => {
    const { code, stdout } = await runCli(['diff', '--from', from, '--to', to], { cwd: work, stdoutIsTTY: true });

    expect(code).toBe(3);
    expect(stdout).toContain('AWS::ECS::Service \u001b[31mREFUSED\u001b[0m\n');
    expect(stdout).toContain('AWS::RDS::DBInstance \u001b[31mREPLACES\u001b[0m\n');
  });

  test('the same assembly twice: "No differences.", exit 0; --environment prod leaves out the staging stacks, staging keeps them', async () => {
    const same = await bluegreen(['diff', '--from', from, '--to', from], {});
    const prod = await bluegreen(
      ['diff', '--from', from, '--to', to, '-e', 'prod', '--config', join(REPO_ROOT, 'test/fixtures/data-app.yaml')],
      {
        PIPELINE_CONFIG: '',
      },
    );

    const staging = await bluegreen(
      ['diff', '--from', from, '--to', to, '-e', 'staging', '--config', join(REPO_ROOT, 'test/fixtures/data-app.yaml')],
      {},
    );

    expect(staging.code).toBe(3);
    expect(same).toEqual({ code: 0, stdout: 'No differences.\n', stderr: '' });
    expect(prod).toEqual({ code: 0, stdout: 'No differences.\n', stderr: '' });
  });
});

describe('bluegreen diff of small assemblies', () => {
  const queue = (visibility: number) => ({
    Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: visibility } } },
  });
  const stack = (template: unknown) => ({
    stackName: 'shop-prod-service',
    account: '333333333333',
    region: 'eu-west-1',
    template,
  });

  test('a change nothing marks: exit 1, the path listed', async () => {
    const from = writeAssembly('queue-30', [stack(queue(30))]);
    const to = writeAssembly('queue-60', [stack(queue(60))]);

    const run = await bluegreen(['diff', '--from', from, '--to', to], {});

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'Stack shop-prod-service (333333333333, eu-west-1)\n  ~ Queue AWS::SQS::Queue\n      VisibilityTimeout\n\n' +
        '1 resource change(s) in 1 stack(s); none refused or replacing data.\n',
    );
  });

  test('a stack only in the older assembly is reported removed, with its stateful resources DELETES', async () => {
    const bucket = { Resources: { Files: { Type: 'AWS::S3::Bucket', Properties: {} } } };
    const from = writeAssembly('with-bucket', [stack(bucket)]);
    const to = writeAssembly('empty', []);

    const run = await bluegreen(['diff', '--from', from, '--to', to], {});

    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'Stack shop-prod-service (333333333333, eu-west-1) (stack removed)\n  - Files AWS::S3::Bucket DELETES\n',
    );
  });

  test.each([
    [['--to', 'x'], 'missing --from DIR (two assemblies) or --environment NAME (against what is deployed)'],
    [['--from', 'nowhere', '--to', 'x'], "--from: no cloud assembly at '"],
  ])('%j: exit 2 with one line', async (args, message) => {
    const run = await bluegreen(['diff', ...args], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen diff: ${message}`);
  });
});
