import { criticalPath } from '../../../core/plan/critical-path';
import { pipelineLayout } from '../../../core/plan/pipeline-layout';
import { renderPlan } from '../../../core/plan/render-plan';
import { configWith, fixtureConfig, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

const config = shippedConfig();
const template = synthesized(config).pipeline.toJSON();
const releaseTemplate = synthesized(config).release!.toJSON();

describe('the pipeline layout read from the synthesized templates', () => {
  const stages = pipelineLayout(template);
  const release = pipelineLayout(releaseTemplate);

  test('lists the stages in order with their actions by run order: the delivery pipeline, then the release pipeline', () => {
    expect(stages.map((s) => s.name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'Image',
      'staging',
      'HandOff',
    ]);
    expect(stages[4].actions.map((a) => a.name)).toEqual(['BuildImage', 'ScanImage']);
    expect(stages[6].actions.map((a) => a.name)).toEqual(['Hand-off-to-release-pipeline']);
    expect(release.map((s) => s.name)).toEqual(['Source', 'Verify', 'Approve-prod', 'prod']);
    expect(release[2].actions.map((a) => a.provider)).toEqual(['Manual']);
    expect(release[3].actions.map((a) => `${a.runOrder} ${a.name} ${a.provider}`)).toEqual([
      '1 Deploy CodeBuild',
      '2 RepointListeners CodeBuild',
      '3 Render CodeBuild',
      '3 StageSuite CodeBuild',
      '5 BlueGreen CodeDeployToECS',
      '7 Bake CodeBuild',
    ]);
  });

  test('describes the stage conditions: the window guards prod, not the approval before it', () => {
    expect(release[3].conditions).toEqual([
      "entry: inside deployment window '* * 8-15 ? * MON,TUE,WED,THU' UTC, else fail",
    ]);
    expect(release[2].conditions).toEqual([]);
  });

  test('refuses a template without exactly one pipeline', () => {
    expect(() => pipelineLayout({ Resources: {} })).toThrow(
      'expected one AWS::CodePipeline::Pipeline in the template, found 0',
    );
  });
});

describe('the plan text', () => {
  const text = renderPlan(config, pipelineLayout(template), 'cdk.out/sample-pipeline.template.json', {
    stages: pipelineLayout(releaseTemplate),
    templatePath: 'cdk.out/sample-release.template.json',
  });

  test('shows one path from push to prod: the delivery stages, the hand-off, then the release stages with the approval', () => {
    const numbered = text
      .split('\n')
      .filter((line) => /^ {2}\d+\. /.test(line))
      .map((line) => line.trim());
    expect(numbered).toEqual([
      '1. Source',
      '2. Build',
      '3. UpdatePipeline',
      '4. Assets',
      '5. Image',
      '6. staging',
      '7. HandOff',
      '8. Source',
      '9. Verify',
      '10. Approve-prod',
      '11. prod',
    ]);
    expect(text).toContain(
      '  -> the hand-off puts the candidate (commit, image digests, the synthesized templates of prod, SHA-256 of every ' +
        'file) into s3://sample-handoff-666666666666-eu-west-1/candidate/candidate.zip, which starts the release ' +
        "pipeline 'sample-release'",
    );
    expect(text).toContain(
      "its Verify admits a candidate only when its templates trust no one but AWS services, their own account and the release stack's roles, and meet the guardrails:",
    );
  });

  test('hands off into the release account, where the release pipeline runs and which alone prod trusts', () => {
    expect(text).toContain(
      '     it runs in account 666666666666 / eu-west-1, a release account of its own: the protected accounts ' +
        '(333333333333) trust only its roles, and the tools account (111111111111) only puts the hand-off key there',
    );
  });

  test('says so when the release pipeline was not synthesized', () => {
    const missing = renderPlan(config, pipelineLayout(template), 'cdk.out/p.json', {
      stages: undefined,
      templatePath: 'cdk.out/r.json',
    });
    expect(missing).toContain('release pipeline stages: not synthesized yet (no cdk.out/r.json)');
  });

  test.each([
    'prod: account 333333333333, eu-west-1 (eu-west-1a, eu-west-1b, eu-west-1c)',
    'approval before deploy: yes, in the console, with a notification',
    'deployment: canary 10% for 5 min, then 100% (CodeDeployDefault.ECSCanary10Percent5Minutes), termination wait 30 min',
    'so a bad release is detected in about 2 min',
    'service service (web, ALB): blue/green sample-prod-bluegreen',
    'gates: integration suite on green at AfterAllowTestTraffic ("cd service && npm ci --ignore-scripts && npm run test:integration", at most 10 min) -> CodeDeployHook_sample-prod-gate; checks on green (test listener) at BeforeAllowTraffic -> CodeDeployHook_sample-prod; smoke on production at AfterAllowTraffic, blue still standing -> CodeDeployHook_sample-prod-smoke (checks: GET /health, GET /version)',
    'scaling during a deployment: suspended (in, out, scheduled) from its START until the termination wait begins or it ends (SUCCESS, FAILURE, STOP); a failure to suspend or resume alarms (sample-prod-ScalingSuspension*)',
    'prod: integration suite on green',
    'Execution mode: SUPERSEDED',
    '5. BlueGreen (CodeDeployToECS)',
    '7. Bake (CodeBuild)',
    'listeners: checked after each stack update and re-pointed to the PRIMARY task set before any blue/green deployment',
    'hand-off to the release pipeline',
    'release pipeline: verify with the pinned tool',
    'a MODEL',
  ])('contains %s', (line) => {
    expect(text).toContain(line);
  });

  test('says when nothing was synthesized instead of inventing stages', () => {
    expect(renderPlan(config, undefined, 'cdk.out/x.json')).toContain('not synthesized yet (no cdk.out/x.json)');
  });
});

describe('the modelled critical path', () => {
  const total = (c = config) => criticalPath(c).reduce((sum, s) => sum + s.minutes, 0);

  test('counts configured traffic shifting, termination waits and bake checks', () => {
    const segments = Object.fromEntries(criticalPath(config).map((s) => [s.what, s]));
    expect(segments['prod: traffic shift']).toEqual({ what: 'prod: traffic shift', minutes: 5, configured: true });
    expect(segments['staging: termination wait'].minutes).toBe(5);
    expect(segments['staging: bake check'].minutes).toBe(2);
    // The last environment's termination wait comes after its traffic is all on green.
    expect(segments['prod: termination wait']).toBeUndefined();
  });

  test('grows with a slower linear rollout in prod', () => {
    const linear = configWith((raw) => {
      const envs = raw.environments as { deployment?: unknown }[];
      envs[1].deployment = { type: 'linear', percentage: 10, intervalMinutes: 3 };
    });
    // 10 % steps: 9 intervals of 3 min until green has it all, instead of the canary's 5 min.
    expect(total(linear) - total()).toBe(27 - 5);
  });
});

describe('a frontend in the plan', () => {
  // GIVEN the shipped configuration with a frontend and a domain in prod (in place of certificateArn/domainName).
  const withFrontend = configWith((raw) => {
    raw.frontend = { buildContext: 'service/frontend', buildCommand: 'node build.mjs dist' };
    const prod = (raw.environments as Record<string, unknown>[])[1];
    delete prod.certificateArn;
    delete prod.domainName;
    prod.domain = {
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      zoneName: 'example.com',
      serviceName: 'api.example.com',
      frontendName: 'www.example.com',
    };
  });
  const text = renderPlan(withFrontend, undefined, 'cdk.out/x.json');

  test.each([
    "Frontend: built once per commit in the Image stage (BuildFrontend, unprivileged): 'node build.mjs dist' in " +
      'service/frontend, output service/frontend/dist',
    'domain: api.example.com (zone example.com) on HTTPS with a DNS-validated certificate',
    'frontend: https://www.example.com (certificate in us-east-1: DNS-validated, stack of its own); /api/* -> service ' +
      'service (HTTPS); PublishFrontend after every blue/green deployment of prod',
    'frontend: its cloudfront.net name; /api/* -> service service (HTTP, no certificate); PublishFrontend after every ' +
      'blue/green deployment of staging',
  ])('contains %s', (line) => {
    expect(text).toContain(line);
  });

  test('the shipped configuration mentions no frontend', () => {
    expect(renderPlan(config, undefined, 'cdk.out/x.json')).not.toMatch(/frontend/i);
  });
});

test('shows the data tier of each environment, a line each: database, cache, backups', () => {
  const dataApp = fixtureConfig('data-app');
  const text = renderPlan(dataApp, undefined, 'cdk.out/queue-pipeline.template.json');
  const prod = text.slice(text.indexOf('  prod:'));
  expect(prod).toContain(
    "database: mysql 8.4 'counts', db.t4g.micro, 20 GiB, multi-AZ, point-in-time recovery 7 days, TLS required, " +
      'deletion protection',
  );
  expect(prod).toContain(
    'cache: valkey cache.t4g.small, 1 replica(s), TLS, token authentication, token rotated every 30 days',
  );
  expect(prod).toContain('backups: daily recovery points kept 1095 days, copied to eu-west-1 and kept as long there');
  // Staging opts out of backups.
  expect(text.slice(text.indexOf('  staging:'), text.indexOf('  prod:'))).not.toContain('backups:');
});

test('says when a database accepts connections without TLS (database.requireTls false)', () => {
  const text = renderPlan(
    configWith((raw) => {
      raw.database = { engine: 'postgres', requireTls: false };
    }),
    undefined,
    'cdk.out/x.json',
  );
  expect(text).toMatch(/database: postgres 17 'app', .*, connections without TLS accepted/);
  expect(text).not.toContain('TLS required');
});

test('says which user the services connect as, and whether the database secrets rotate', () => {
  const plan = (database: Record<string, unknown>) =>
    renderPlan(
      configWith((raw) => (raw.database = { engine: 'postgres', ...database })),
      undefined,
      'cdk.out/x.json',
    );
  expect(plan({})).toContain(
    "database users: services and release tasks connect as 'application' (owns 'app'); the master user only " +
      'makes it, not rotated',
  );
  expect(plan({ rotation: { days: 30 } })).toContain(
    "connect as 'application' (owns 'app'); the master user only makes it and rotates, rotated every 30 days",
  );
  expect(plan({ applicationUser: false })).toContain(
    'database users: services and release tasks connect as the master user, not rotated',
  );
});

test('explains that a web service behind an NLB shifts traffic all at once, and says nothing of it for an ALB', () => {
  const text = renderPlan(fixtureConfig('three-services'), undefined, 'cdk.out/shop-pipeline.template.json');
  const lines = text.split('\n');
  const api = lines.filter((l) => l.includes('service api (web, NLB'));
  const web = lines.filter((l) => l.includes('service web (web, ALB'));
  expect(api.length).toBeGreaterThan(0);
  for (const line of api) expect(line).toContain('CodeDeploy shifts traffic behind an NLB only all at once');
  for (const line of web) expect(line).not.toContain('NLB only');
});
