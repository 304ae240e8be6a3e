import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useGuardrailsCli } from './support/guardrails-cli';
import {
  configYamlWith,
  daysAfterToday,
  dropProdApproval,
  guardrailsYamlWith,
  REPO_ROOT,
} from '../../core/guardrails/fixtures';

const { file, guardrails, work } = useGuardrailsCli();

describe('bluegreen guardrails check --guardrails FILE (offline)', () => {
  test('the shipped config meets guardrails.example.yaml: exit 0', async () => {
    const run = await guardrails(['check', '--guardrails', 'guardrails.example.yaml']);

    expect(run).toEqual({
      code: 0,
      stdout: 'guardrails: PASS — pipeline.config.yaml meets every minimum of guardrails.example.yaml\n',
      stderr: '',
    });
  });

  test('a weakened config: exit 1, one line per weakened gate', async () => {
    const config = file(
      'weak.yaml',
      configYamlWith((raw) => {
        const prod = dropProdApproval(raw);
        delete prod.deploymentWindow;
        raw.scan = {
          failOn: ['CRITICAL'],
          onlyFixable: true,
          allowlist: [
            { id: 'CVE-2026-1111', reason: 'waiting for the vendor', expires: daysAfterToday(365, new Date()) },
          ],
        };
      }),
    );

    const run = await guardrails(['check', '--config', config, '--guardrails', 'guardrails.example.yaml']);

    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('guardrails: FAIL — 5 gates of weak.yaml are weaker than guardrails.example.yaml:');
    expect(lines.slice(1, 5)).toEqual([
      "  environments[1].approval: found false (environment 'prod', protected account 333333333333); required true",
      "  environments[1].deploymentWindow: found absent (environment 'prod', protected account 333333333333); required a deployment window, at most 10 hours a day on at most 5 days",
      '  scan.failOn: found [CRITICAL] (lets HIGH pass); required to include [CRITICAL, HIGH]',
      '  scan.onlyFixable: found true; required false (onlyFixable is not allowed)',
    ]);
    expect(lines[5]).toMatch(
      /^ {2}scan\.allowlist\[0\]\.expires: found \d{4}-\d\d-\d\d \(CVE-2026-1111; 365 days after today\); required \d{4}-\d\d-\d\d or earlier \(at most 90 days after \d{4}-\d\d-\d\d\)$/,
    );
  });

  test('the config comes from PIPELINE_CONFIG when --config is absent', async () => {
    file(
      'no-approval.yaml',
      configYamlWith((raw) => dropProdApproval(raw)),
    );
    process.env.PIPELINE_CONFIG = 'no-approval.yaml';

    const run = await guardrails(['check', '--guardrails', 'guardrails.example.yaml']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "  environments[1].approval: found false (environment 'prod', protected account 333333333333); required true",
    );
  });

  test('--proposed compares a guardrails file with the minimums', async () => {
    const weaker = file(
      'weaker.yaml',
      guardrailsYamlWith((g) => (g.scan.allowlistMaxDays = 365)),
    );

    const run = await guardrails(['check', '--guardrails', 'guardrails.example.yaml', '--proposed', weaker]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'guardrails: PASS — pipeline.config.yaml meets every minimum of guardrails.example.yaml\n' +
        'guardrails: FAIL — 1 gate of weaker.yaml is weaker than guardrails.example.yaml:\n' +
        '  scan.allowlistMaxDays: found 365; required at most 90, as the live guardrails say\n',
    );
  });

  test.each<[string, string[], string | RegExp]>([
    [
      'a missing guardrails file',
      ['--guardrails', 'nope.yaml'],
      /nope\.yaml is not valid:\n {2}- cannot be read: ENOENT/,
    ],
    ['--guardrails and --parameter together', ['--guardrails', 'a', '--parameter', '/x'], 'not both'],
    [
      '--region with a file',
      ['--guardrails', 'guardrails.example.yaml', '--region', 'eu-west-1'],
      'only to --parameter',
    ],
    [
      'a malformed --region',
      ['--parameter', '/x', '--region', 'Europe'],
      "--region must be an AWS region such as eu-west-1, got 'Europe'",
    ],
    [
      'a malformed --parameter',
      ['--parameter', 'no spaces allowed'],
      "--parameter must be an SSM parameter name starting with '/' or its ARN",
    ],
    ['an unknown flag', ['--guardrail', 'x'], "Unknown option '--guardrail'"],
    [
      'a config that is not valid',
      ['--config', 'bad.yaml', '--guardrails', 'guardrails.example.yaml'],
      'bad.yaml is not valid',
    ],
  ])('%s: exit 2', async (_, args, message) => {
    file('bad.yaml', 'application: Not_A_Name\n');

    const run = await guardrails(['check', ...args]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  test('a guardrails file that is not valid: exit 2, naming the field', async () => {
    file(
      'typo.yaml',
      guardrailsYamlWith((g) => ((g.scan.mustBlock as string[]) = ['CRITICAL', 'HIHG'])),
    );

    const run = await guardrails(['check', '--guardrails', 'typo.yaml']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('typo.yaml is not valid:\n  - scan.mustBlock[1]: must be one of');
  });

  test('a config naming a malformed guardrails parameter: exit 2, naming the field', async () => {
    const config = file(
      'bad-name.yaml',
      configYamlWith((raw) => (raw.guardrails = { parameterName: 'gates' })),
    );

    const run = await guardrails(['check', '--config', config]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'guardrails.parameterName: must be an SSM parameter name starting with \'/\', e.g. /bluegreen/shop/guardrails (got "gates")',
    );
  });

  test('no or an unknown subcommand: exit 2; --help: exit 0', async () => {
    expect((await guardrails([])).code).toBe(2);
    expect(await guardrails(['verify'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown subcommand 'verify' (allowed: check, publish)"),
    });
    expect(await guardrails(['check', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('--parameter NAME'),
    });
  });

  test('--assembly judges the synthesized pipeline: a deploy to a protected account with no approval before it fails', async () => {
    const deployRole = 'arn:aws:iam::333333333333:role/cdk-hnb659fds-deploy-role-333333333333-eu-west-1';
    const template = {
      Resources: {
        Pipeline: {
          Type: 'AWS::CodePipeline::Pipeline',
          Properties: {
            Stages: [
              {
                Name: 'Source',
                Actions: [{ Name: 'Git', ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' } }],
              },
              {
                Name: 'live',
                Actions: [
                  {
                    Name: 'Deploy',
                    ActionTypeId: { Category: 'Deploy', Provider: 'CloudFormation' },
                    RoleArn: deployRole,
                  },
                ],
              },
            ],
          },
        },
      },
    };
    mkdirSync(join(work(), 'cdk.out'));
    file('cdk.out/p.template.json', JSON.stringify(template));
    file(
      'cdk.out/manifest.json',
      JSON.stringify({
        artifacts: {
          p: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://111111111111/eu-west-1',
            properties: { templateFile: 'p.template.json' },
          },
        },
      }),
    );

    const run = await guardrails(['check', '--guardrails', 'guardrails.example.yaml', '--assembly', 'cdk.out']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('guardrails: PASS — pipeline.config.yaml meets every minimum');
    expect(run.stdout).toContain(
      'guardrails: FAIL — 2 gates of the cloud assembly cdk.out are weaker than guardrails.example.yaml:',
    );
    expect(run.stdout).toContain(
      '  p/Pipeline.Stages[1] (live).Deploy: found Deploy/CloudFormation action that can act in protected account 333333333333 with no manual approval in an earlier stage',
    );
    expect(run.stdout).toContain('  p/Pipeline.Stages[1] (live).BeforeEntry: found no DeploymentWindow condition');
  });

  test("--assembly, repeated, judges each candidate's nested assembly: a protected stack that shifts all traffic at once fails, another account's passes", async () => {
    const stackIn = (account: string) => ({
      type: 'aws:cloudformation:stack',
      environment: `aws://${account}/eu-west-1`,
      properties: { templateFile: 's.template.json' },
    });
    const allAtOnce = {
      Resources: {
        Group: {
          Type: 'AWS::CodeDeploy::DeploymentGroup',
          Properties: {
            DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
            LoadBalancerInfo: {
              TargetGroupPairInfoList: [
                {
                  TargetGroups: [{ Name: { 'Fn::GetAtt': ['Blue', 'TargetGroupName'] } }],
                  ProdTrafficRoute: { ListenerArns: [{ Ref: 'Listener' }] },
                },
              ],
            },
            AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_STOP_ON_ALARM'] },
            AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: 'Alarm' } }] },
          },
        },
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            MetricName: 'UnHealthyHostCount',
            Namespace: 'AWS/ApplicationELB',
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            Dimensions: [
              { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] } },
              { Name: 'TargetGroup', Value: { 'Fn::GetAtt': ['Blue', 'TargetGroupFullName'] } },
            ],
            Statistic: 'Maximum',
            Period: 60,
            Threshold: 1,
            EvaluationPeriods: 2,
          },
        },
        Blue: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
        Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' } } },
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
      },
    };
    for (const [dir, account] of [
      ['assembly-app-live', '333333333333'],
      ['assembly-app-dev', '222222222222'],
    ]) {
      mkdirSync(join(work(), 'candidate', dir), { recursive: true });
      file(`candidate/${dir}/s.template.json`, JSON.stringify(allAtOnce));
      file(`candidate/${dir}/manifest.json`, JSON.stringify({ artifacts: { s: stackIn(account) } }));
    }

    const run = await guardrails([
      'check',
      '--guardrails',
      'guardrails.example.yaml',
      '--assembly',
      'candidate/assembly-app-live',
      '--assembly',
      'candidate/assembly-app-dev',
    ]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'guardrails: FAIL — 1 gate of the cloud assembly candidate/assembly-app-live is weaker than guardrails.example.yaml:\n' +
        '  s/Group.DeploymentConfigName: found all traffic at once; required a canary or linear config (allAtOnce is not allowed in a protected account)\n',
    );
    expect(run.stdout).toContain(
      'guardrails: PASS — the cloud assembly candidate/assembly-app-dev meets every minimum of guardrails.example.yaml',
    );
  });

  test('--assembly naming no cloud assembly: exit 2', async () => {
    const run = await guardrails(['check', '--guardrails', 'guardrails.example.yaml', '--assembly', 'nowhere']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('manifest.json is not valid');
  });
});

describe('the bluegreen binary', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'bluegreen.js'), 'guardrails', 'check', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PIPELINE_CONFIG: '' },
    });

  // One process: the exit code is the command's own (cli/bin.ts), whichever it is; the tests above hold each code.
  test('exits 1 and prints the weakened gate for a weakened config', () => {
    const weak = join(
      work(),
      file(
        'weak.yaml',
        configYamlWith((raw) => dropProdApproval(raw)),
      ),
    );
    const fail = cli(['--guardrails', 'guardrails.example.yaml', '--config', weak]);

    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain(
      "  environments[1].approval: found false (environment 'prod', protected account 333333333333); required true",
    );
  });
});
