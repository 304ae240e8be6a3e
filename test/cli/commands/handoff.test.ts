import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useInProcessCli } from '../../support/in-process-cli';

// GIVEN a working directory with a synthesized assembly holding prod's nested assembly, a gated image and a config.
const cli = useInProcessCli('handoff', (work) => {
  mkdirSync(join(work, 'cdk.out', 'assembly-app-prod'), { recursive: true });
  writeFileSync(join(work, 'cdk.out', 'assembly-app-prod', 'stack.template.json'), '{}');
  writeFileSync(
    join(work, 'cdk.out', 'assembly-app-prod', 'manifest.json'),
    JSON.stringify({ version: Manifest.version() }),
  );
  mkdirSync(join(work, 'image'));
  writeFileSync(
    join(work, 'image', 'imageDetail.json'),
    JSON.stringify({ ImageURI: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${'b'.repeat(64)}` }),
  );
  writeFileSync(join(work, 'pipeline.config.yaml'), 'application: app\n');
  writeFileSync(join(work, 'outputs.json'), JSON.stringify({ 'app-prod-service': { Url: 'https://prod' } }));
});

/** `handoff pack` of the prod assembly, the image and the config, with `include` besides, into `out`. */
const pack = ({ include = [], out = 'candidate' }: { include?: string[]; out?: string } = {}) =>
  cli.run([
    'handoff',
    'pack',
    '--assembly',
    'cdk.out',
    '--stage',
    'prod=assembly-app-prod',
    '--image',
    'web=image',
    '--include',
    'config.yaml=pipeline.config.yaml',
    ...include.flatMap((pair) => ['--include', pair]),
    '--commit',
    'a'.repeat(40),
    '--out',
    out,
  ]);

test('pack prints the hash that verify then accepts, and verify --hash refuses any other', async () => {
  const packed = await pack();
  expect(packed).toMatchObject({ code: 0, stderr: '' });
  const hash = packed.stdout.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const verified = await cli.run(['handoff', 'verify', 'candidate', '--hash', hash]);
  expect(verified).toMatchObject({ code: 0 });
  expect(verified.stdout).toBe(
    `hash ${hash}\ncommit ${'a'.repeat(40)}\nimage web 111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/web@sha256:${'b'.repeat(64)}\n`,
  );
  const other = await cli.run(['handoff', 'verify', 'candidate', '--hash', '0'.repeat(64)]);
  expect(other.code).toBe(1);
  expect(other.stderr).toContain(`bluegreen handoff: the candidate's hash is ${hash}, not the approved`);
});

test('verify refuses a candidate synthesized with a newer cloud assembly schema than this tool reads', async () => {
  writeFileSync(
    join(cli.work(), 'cdk.out', 'assembly-app-prod', 'manifest.json'),
    JSON.stringify({ version: '999.0.0' }),
  );
  expect((await pack()).code).toBe(0);
  const verified = await cli.run(['handoff', 'verify', 'candidate']);
  expect(verified.code).toBe(1);
  expect(verified.stderr).toContain(
    `bluegreen handoff: prod's assembly has cloud assembly schema 999.0.0, newer than the ${Manifest.version()}`,
  );
});

test('exports prints the wanted outputs as shell exports; a malformed pair is a usage error', async () => {
  const exported = await cli.run([
    'handoff',
    'exports',
    '--outputs',
    'outputs.json',
    '--output',
    'OUT_0=app-prod-service.Url',
  ]);
  expect(exported).toEqual({ code: 0, stdout: "export OUT_0='https://prod'\n", stderr: '' });
  const bad = await cli.run([
    'handoff',
    'pack',
    '--assembly',
    'cdk.out',
    '--stage',
    'prod',
    '--commit',
    'a',
    '--out',
    'c',
  ]);
  expect(bad).toMatchObject({ code: 2, stderr: "bluegreen handoff: --stage takes KEY=VALUE, got 'prod'\n" });
});

test('verify --release-account/--release-roles refuses a candidate whose templates trust a tools-account role the release stack does not own, and passes one that trusts only its roles', async () => {
  // GIVEN prod's assembly holding one role trusted by the tools account, narrowed to one role name.
  const prodAssembly = join(cli.work(), 'cdk.out', 'assembly-app-prod');
  const trusting = (name: string) => ({
    Resources: {
      Reader: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: 'sts:AssumeRole',
                Principal: { AWS: 'arn:aws:iam::111111111111:root' },
                Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::111111111111:role/${name}` } },
              },
            ],
          },
        },
      },
    },
  });
  writeFileSync(
    join(prodAssembly, 'manifest.json'),
    JSON.stringify({
      version: Manifest.version(),
      artifacts: {
        'app-prod-service': {
          type: 'aws:cloudformation:stack',
          environment: 'aws://333333333333/eu-west-1',
          properties: { templateFile: 'stack.template.json' },
        },
      },
    }),
  );
  const release = [
    '--release-account',
    '111111111111',
    '--release-roles',
    'app-prod-render-euw1,app-release-role-euw1',
  ];

  writeFileSync(join(prodAssembly, 'stack.template.json'), JSON.stringify(trusting('app-prod-render-euw1')));
  expect((await pack()).code).toBe(0);
  expect(await cli.run(['handoff', 'verify', 'candidate', ...release])).toMatchObject({ code: 0, stderr: '' });

  writeFileSync(join(prodAssembly, 'stack.template.json'), JSON.stringify(trusting('app-prod-attacker-euw1')));
  expect((await pack()).code).toBe(0);
  const refused = await cli.run(['handoff', 'verify', 'candidate', ...release]);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toContain(
    'bluegreen handoff: the candidate grants to principals outside its account and the release pipeline:\n' +
      "assembly-app-prod: app-prod-service Reader: the trust policy of 'Reader' admits 'arn:aws:iam::111111111111:root " +
      "where aws:PrincipalArn is arn:aws:iam::111111111111:role/app-prod-attacker-euw1': the release stack that runs " +
      "Verify (account 111111111111) owns no role 'app-prod-attacker-euw1'.",
  );

  const half = await cli.run(['handoff', 'verify', 'candidate', '--release-account', '111111111111']);
  expect(half).toMatchObject({
    code: 2,
    stderr: 'bluegreen handoff: give --release-account and --release-roles together\n',
  });
});

describe('match', () => {
  const COMMIT = 'a'.repeat(40);
  // Outside the working directory, which is the commit's source tree here.
  const RESYNTH = '/tmp/bluegreen-match-resynth';
  const SUITE_ZIP = '/tmp/bluegreen-match-suite.zip';
  const CANDIDATE = '/tmp/bluegreen-match-candidate';
  /** The commit (this working directory) and its Resynthesize output (a copy of its cdk.out), hashed as that build does. */
  const commitSources = () => {
    rmSync(RESYNTH, { recursive: true, force: true });
    cpSync(join(cli.work(), 'cdk.out'), join(RESYNTH, 'cdk.out'), { recursive: true });
    const hash = execFileSync(
      'sh',
      ['-c', "find cdk.out -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1"],
      { cwd: RESYNTH, encoding: 'utf8' },
    ).trim();
    return ['--commit', COMMIT, '--source', '.', '--synthesized', RESYNTH, '--synthesized-hash', hash];
  };
  afterAll(() => [RESYNTH, SUITE_ZIP, CANDIDATE].forEach((path) => rmSync(path, { recursive: true, force: true })));

  test("passes a candidate whose suite.zip (extracted with unzip) and assemblies are the commit's, and names a suite file changed since", async () => {
    const work = cli.work();
    mkdirSync(join(work, 'suite'));
    writeFileSync(join(work, 'suite', 'smoke.test.js'), 'test("up", () => {});\n');
    // The hand-off zips every file of the commit but cdk.out.
    rmSync(SUITE_ZIP, { force: true });
    execFileSync('zip', ['-qr', SUITE_ZIP, '.', '-x', 'cdk.out/*'], { cwd: work });
    rmSync(CANDIDATE, { recursive: true, force: true });
    expect((await pack({ include: [`suite.zip=${SUITE_ZIP}`], out: CANDIDATE })).code).toBe(0);
    const sources = commitSources();

    expect(await cli.run(['handoff', 'match', CANDIDATE, ...sources])).toEqual({
      code: 0,
      stdout: `the candidate is what commit ${COMMIT} synthesizes\n`,
      stderr: '',
    });
    writeFileSync(join(work, 'suite', 'smoke.test.js'), 'test("up", () => { process.exit(0); });\n');
    const refused = await cli.run(['handoff', 'match', CANDIDATE, ...sources]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("suite.zip: suite/smoke.test.js is not the commit's");
  });

  test('refuses a --commit that is not a full commit id, saying the form', async () => {
    await pack();
    const run = await cli.run(['handoff', 'match', 'candidate', ...commitSources().slice(2), '--commit', 'main']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--commit must be a full 40-character commit id, got 'main'");
  });

  test('refuses a --source or --synthesized that names no directory, naming the flag', async () => {
    await pack();
    const run = await cli.run(['handoff', 'match', 'candidate', ...commitSources(), '--synthesized', 'nowhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--synthesized must name a directory, and ${join(cli.work(), 'nowhere')} is none`);
  });
});
