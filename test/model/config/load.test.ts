import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitTag, gitHeadOf } from '../../../pipeline/commit-tag';
import { ConfigError, parseConfig } from '../../../model/config';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../../../model/config/json-schema';
import { REPO_ROOT, shippedConfig } from '../../support/configs';

const OPERATOR_CIDR_RULE =
  'must be an IPv4 CIDR from /8 to /32, e.g. 203.0.113.0/24; the test listener serves unreleased code, ' +
  'so 0.0.0.0/0 and ranges wider than /8 are refused';

const MINIMAL = `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
service: { port: 8080 }
environments:
  - { name: staging, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }
`;

function problemsOf(yaml: string): readonly string[] {
  try {
    parseConfig(yaml, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('a minimal configuration', () => {
  const config = parseConfig(MINIMAL, 'minimal.yaml');

  test('gets the documented defaults', () => {
    // The single service: form is one web service behind an ALB that keeps its old physical names.
    expect(config.services).toHaveLength(1);
    expect(config.services[0]).toMatchObject({
      name: 'service',
      kind: 'web',
      loadBalancer: 'alb',
      legacyNames: true,
      containerName: 'app',
      healthCheckPath: '/health',
      cpu: 256,
      memory: 512,
      environment: {},
    });
    expect(config.hooks).toEqual(['AfterAllowTestTraffic', 'AfterAllowTraffic']);
    // No shared checks: each web service checks the path its load balancer checks (model/config/release-gates.ts).
    expect(config.checks).toBeUndefined();
    expect(config.scan).toMatchObject({ failOn: ['CRITICAL', 'HIGH'], onlyFixable: false, allowlist: [] });
    expect(config.environments[0]).toMatchObject({
      deployment: { type: 'allAtOnce' },
      approval: false,
      terminationWaitMinutes: 5,
    });
  });

  test('scales by default from 2 to 8 tasks, absorbing 4x normal traffic', () => {
    expect(config.environments[0].scaling).toEqual({
      minTasks: 2,
      maxTasks: 8,
      cpuTargetPercent: 50,
      requestsPerTarget: 500,
    });
  });

  test('admits no operator CIDR to the test listener unless configured', () => {
    expect(config.environments[0].operatorCidrs).toEqual([]);
  });
});

test('the shipped configuration is valid and absorbs 4x normal traffic in every environment', () => {
  for (const environment of shippedConfig().environments) {
    expect(environment.scaling.maxTasks).toBeGreaterThanOrEqual(4 * environment.scaling.minTasks);
  }
});

test.each([
  [
    'a port out of range',
    MINIMAL.replace('port: 8080', 'port: 70000'),
    'service.port: Too big: expected number to be <=65535 (got 70000)',
  ],
  [
    'a port of the wrong type',
    MINIMAL.replace('port: 8080', 'port: eighty'),
    'service.port: must be a number (got "eighty")',
  ],
  [
    'a missing service section',
    MINIMAL.replace(/^service:.*$/m, ''),
    'services: is required (or the single service form, service)',
  ],
  [
    'an unknown field',
    MINIMAL.replace('port: 8080', 'port: 8080, prot: 1'),
    "service: unknown field 'prot' (did you mean 'port'?)",
  ],
  [
    'a per-environment field written on the service (scaling), pointing at where it goes',
    MINIMAL.replace('port: 8080', 'port: 8080, scaling: { minTasks: 3 }'),
    "service: unknown field 'scaling' (it is set per environment: environments[].services.service.scaling)",
  ],
  [
    'an account without quotes that lost its digits',
    MINIMAL.replace("account: '222222222222'", 'account: 2222'),
    'environments[0].account: must be a string (got 2222)',
  ],
  [
    'a single availability zone',
    MINIMAL.replace('[eu-west-1a, eu-west-1b]', '[eu-west-1a]'),
    'environments[0].availabilityZones: needs at least 2 availability zones (got ["eu-west-1a"])',
  ],
  [
    'memory that Fargate refuses for the cpu',
    MINIMAL.replace('port: 8080', 'port: 8080, cpu: 256, memory: 4096'),
    'service.memory: is not valid with cpu 256 on Fargate (allowed: 512, 1024, 2048) (got 4096)',
  ],
  [
    'an unknown deployment type',
    MINIMAL.replace('eu-west-1b] }', 'eu-west-1b], deployment: { type: bluegreen } }'),
    'environments[0].deployment.type: must be one of "allAtOnce", "canary", "linear" (got "bluegreen")',
  ],
  [
    'a termination wait over the limit',
    MINIMAL.replace('eu-west-1b] }', 'eu-west-1b], terminationWaitMinutes: 3000 }'),
    'environments[0].terminationWaitMinutes: Too big: expected number to be <=2880 (got 3000)',
  ],
  [
    'a secret of neither kind',
    MINIMAL.replace('port: 8080', 'port: 8080, secrets: { DB: { vault: x } }'),
    'service.secrets.DB: must have one of the shapes { secretsManagerArn } or { ssmParameter } (got {"vault":"x"})',
  ],
  [
    'BeforeInstall as a hook',
    `${MINIMAL}hooks: [BeforeInstall]\n`,
    'hooks: BeforeInstall cannot roll back a deployment; use AfterAllowTestTraffic or later (got ["BeforeInstall"])',
  ],
  [
    'an allowlist entry without expiry',
    `${MINIMAL}scan: { allowlist: [{ id: CVE-2024-1234, reason: 'not reachable in our code' }] }\n`,
    'scan.allowlist[0].expires: is required (a string)',
  ],
  [
    'the whole internet as an operator CIDR (the test listener would be public)',
    MINIMAL.replace('eu-west-1b] }', "eu-west-1b], operatorCidrs: ['0.0.0.0/0'] }"),
    `environments[0].operatorCidrs[0]: ${OPERATOR_CIDR_RULE} (got "0.0.0.0/0")`,
  ],
  [
    'an operator CIDR wider than /8',
    MINIMAL.replace('eu-west-1b] }', "eu-west-1b], operatorCidrs: ['198.51.100.7/32', '128.0.0.0/1'] }"),
    `environments[0].operatorCidrs[1]: ${OPERATOR_CIDR_RULE} (got "128.0.0.0/1")`,
  ],
  [
    'an operator CIDR that is no address',
    MINIMAL.replace('eu-west-1b] }', "eu-west-1b], operatorCidrs: ['300.1.2.0/24'] }"),
    `environments[0].operatorCidrs[0]: ${OPERATOR_CIDR_RULE} (got "300.1.2.0/24")`,
  ],
])('refuses %s, naming the field, the value and what is allowed', (_what, yaml, problem) => {
  expect(problemsOf(yaml)).toContain(problem);
});

test('reports every problem at once, one line each', () => {
  const problems = problemsOf(
    MINIMAL.replace('port: 8080', 'port: 0').replace('application: shop', 'application: Shop'),
  );
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^application: must be 1-24 characters/);
});

test('refuses duplicate environment names and YAML syntax errors', () => {
  const twice =
    MINIMAL +
    "  - { name: staging, account: '333333333333', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }\n";
  expect(problemsOf(twice)).toEqual([
    'environments[1].name: is used by two environments; environment names must be unique (got "staging")',
  ]);
  expect(problemsOf('application: [unclosed')[0]).toMatch(/^YAML syntax: /);
  // One line for the first error, saying where, not a line per error it caused.
  const cascading = problemsOf('application: shop\n bad: indent\nservices: [web\n');
  expect(cascading).toHaveLength(1);
  expect(cascading[0]).toMatch(
    /^YAML syntax: .* at line \d+, column \d+ \(and \d+ more after it, which may follow from it\)$/,
  );
});

test('the committed JSON Schema is generated from the current definition', () => {
  const committed = readFileSync(join(REPO_ROOT, JSON_SCHEMA_FILE), 'utf8');
  expect(committed).toEqual(configJsonSchemaText());
  expect(JSON.parse(committed).required).toEqual(
    expect.arrayContaining(['application', 'pipeline', 'source', 'environments']),
  );
});

test('accepts operator CIDRs from /8 to /32', () => {
  const config = parseConfig(
    MINIMAL.replace(
      'eu-west-1b] }',
      "eu-west-1b], operatorCidrs: ['10.0.0.0/8', '203.0.113.0/24', '198.51.100.7/32'] }",
    ),
    'operators.yaml',
  );
  expect(config.environments[0].operatorCidrs).toEqual(['10.0.0.0/8', '203.0.113.0/24', '198.51.100.7/32']);
});

test("a per-environment field on one of several services names that service's place for it", () => {
  const fixture = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'three-services.yaml'), 'utf8');
  const text = fixture.replace('  - name: api\n', '  - name: api\n    scaling: { maxTasks: 4 }\n');
  expect(problemsOf(text)).toEqual([
    "services[1]: unknown field 'scaling' (it is set per environment: environments[].services.api.scaling)",
  ]);
});

describe('the CDK entry point with a bad configuration', () => {
  test('stops with the problems listed and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, MINIMAL.replace('port: 8080', 'port: 70000'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'dev-app.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PIPELINE_CONFIG: file, CDK_OUTDIR: join(dir, 'out') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`bluegreen app: ${file} is not valid:`);
    expect(result.stderr).toContain('service.port: Too big: expected number to be <=65535 (got 70000)');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('the commit tag every environment deploys', () => {
  const GIT_HEAD = 'f'.repeat(40);

  test("is CodeBuild's resolved source version when CodeBuild names one, without asking git", () => {
    const gitHead = jest.fn(() => GIT_HEAD);
    expect(commitTag({ CODEBUILD_RESOLVED_SOURCE_VERSION: 'abc123' }, gitHead)).toBe('abc123');
    expect(gitHead).not.toHaveBeenCalled();
  });

  test("is git's HEAD outside CodeBuild (or when CodeBuild's variable is empty)", () => {
    expect(commitTag({}, () => GIT_HEAD)).toBe(GIT_HEAD);
    expect(commitTag({ CODEBUILD_RESOLVED_SOURCE_VERSION: '' }, () => GIT_HEAD)).toBe(GIT_HEAD);
  });

  test("is 'local' without either", () => {
    expect(commitTag({}, () => undefined)).toBe('local');
  });

  test('reads HEAD from a real repository, and nothing outside one', () => {
    const repo = mkdtempSync(join(tmpdir(), 'commit-tag-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    expect(gitHeadOf(repo)).toBeUndefined();
    git('init', '--quiet');
    expect(gitHeadOf(repo)).toBeUndefined();
    git('commit', '--quiet', '--allow-empty', '-m', 'first');
    expect(gitHeadOf(repo)).toBe(git('rev-parse', 'HEAD'));
    expect(gitHeadOf(repo)).toMatch(/^[0-9a-f]{40}$/);
  });
});

test('answers a misspelt field with the nearest known one, and a value of no allowed shape with the shapes', () => {
  const base = readFileSync(join(REPO_ROOT, 'pipeline.config.yaml'), 'utf8');
  expect(problemsOf(base.replace('deployment:', 'deploymnet:'))).toEqual([
    "environments[1]: unknown field 'deploymnet' (did you mean 'deployment'?)",
  ]);
  const withTest = (value: string) => base.replace(/^build:\n(?: {2}.*\n)+/m, `build:\n  test: ${value}\n`);
  expect(problemsOf(withTest('3'))).toEqual(['build.test: must be "none" or a map (got 3)']);
  expect(problemsOf(withTest('{ commandz: [pytest] }'))).toEqual([
    'build.test: must be "none" or { commands } (got {"commandz":["pytest"]})',
  ]);
});

test("refuses CodePipeline's PARALLEL mode, naming the modes allowed", () => {
  expect(problemsOf(MINIMAL.replace('region: eu-west-1 }', 'region: eu-west-1, executionMode: PARALLEL }'))).toEqual([
    'pipeline.executionMode: must be one of "QUEUED", "SUPERSEDED" (got "PARALLEL")',
  ]);
});

test("refuses a test listener on a production listener's port, which the load balancer already has", () => {
  expect(problemsOf(MINIMAL.replace('eu-west-1b] }', 'eu-west-1b], testListenerPort: 80 }'))).toEqual([
    'environments[0].testListenerPort: must not be 80 or 443, the production listener ports (got 80)',
  ]);
});

test("refuses an environment variable's name with what names may be", () => {
  const [problem] = problemsOf(MINIMAL.replace('port: 8080', "port: 8080, environment: { '1BAD-NAME': x }"));
  expect(problem).toMatch(/^service\.environment\.1BAD-NAME: is not an allowed name: .+/);
  expect(problem).not.toContain('Invalid key in record');
});
