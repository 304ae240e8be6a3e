import { checkGuardrails, type Violation } from '../../../core/guardrails';
import type { PipelineConfig } from '../../../model/config';
import { configWith, daysAfterToday, exampleGuardrails, guardrailsWith, shippedConfig, TODAY } from './fixtures';

const prodIndex = (config: PipelineConfig) => config.environments.findIndex((e) => e.name === 'prod');
const PROD = "environment 'prod', protected account 333333333333";

describe('checkGuardrails accepts what meets the minimums', () => {
  test('the shipped pipeline.config.yaml meets guardrails.example.yaml', () => {
    expect(checkGuardrails(shippedConfig(), exampleGuardrails(), TODAY)).toEqual([]);
  });

  test('a config stricter than the guardrails passes', () => {
    const strict = configWith((c) => {
      c.environments[0].approval = true;
      c.environments[0].deploymentWindow = { days: ['MON'], startHour: 9, endHour: 10, outside: 'fail' };
      c.scan.failOn = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
      c.scan.allowlist = [{ id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: daysAfterToday(10) }];
    });

    expect(checkGuardrails(strict, exampleGuardrails(), TODAY)).toEqual([]);
  });

  test('an allowlist entry expiring exactly allowlistMaxDays after today passes, and an expired one too', () => {
    const config = configWith((c) => {
      c.scan.allowlist = [
        { id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: daysAfterToday(90) },
        { id: 'CVE-2020-2222', reason: 'long gone, left over', expires: '2020-01-01' },
      ];
    });

    expect(checkGuardrails(config, exampleGuardrails(), TODAY)).toEqual([]);
  });

  test('all at once passes in prod when a web service is behind an NLB, where CodeDeploy offers nothing else', () => {
    const config = configWith((c) => {
      c.environments[prodIndex(c)].deployment = { type: 'allAtOnce' };
      c.services = c.services.map((service) =>
        service.kind === 'web' ? { ...service, loadBalancer: 'nlb' as const } : service,
      );
    });

    expect(checkGuardrails(config, exampleGuardrails(), TODAY)).toEqual([]);
  });

  test('onlyFixable passes where the guardrails allow it', () => {
    const config = configWith((c) => (c.scan.onlyFixable = true));
    const lenient = guardrailsWith((g) => (g.scan.onlyFixableAllowed = true));

    expect(checkGuardrails(config, lenient, TODAY)).toEqual([]);
  });
});

describe('checkGuardrails names every weakened gate with its path', () => {
  test.each<[string, (c: PipelineConfig) => void, Violation]>([
    [
      'dropping the prod approval',
      (c) => (c.environments[prodIndex(c)].approval = false),
      { path: 'environments[1].approval', found: `false (${PROD})`, required: 'true' },
    ],
    [
      'dropping the prod deployment window',
      (c) => delete c.environments[prodIndex(c)].deploymentWindow,
      {
        path: 'environments[1].deploymentWindow',
        found: `absent (${PROD})`,
        required: 'a deployment window, at most 10 hours a day on at most 5 days',
      },
    ],
    [
      'a window open around the clock',
      (c) =>
        (c.environments[prodIndex(c)].deploymentWindow = { days: ['MON'], startHour: 0, endHour: 24, outside: 'fail' }),
      {
        path: 'environments[1].deploymentWindow',
        found: `0:00-24:00 UTC, 24 hours a day (${PROD})`,
        required: 'at most 10 hours a day',
      },
    ],
    [
      'a window on more days than allowed',
      (c) =>
        (c.environments[prodIndex(c)].deploymentWindow = {
          days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
          startHour: 8,
          endHour: 16,
          outside: 'fail',
        }),
      {
        path: 'environments[1].deploymentWindow.days',
        found: `[MON, TUE, WED, THU, FRI, SAT] (${PROD})`,
        required: 'at most 5 days',
      },
    ],
    [
      'an all-at-once rollout in prod',
      (c) => (c.environments[prodIndex(c)].deployment = { type: 'allAtOnce' }),
      {
        path: 'environments[1].deployment.type',
        found: `allAtOnce (${PROD})`,
        required: 'canary or linear (allAtOnce is not allowed in a protected account)',
      },
    ],
    [
      'a rollback alarm that fires only after many errors',
      (c) => (c.environments[prodIndex(c)].alarms.target5xxCount = 500),
      { path: 'environments[1].alarms.target5xxCount', found: `500 (${PROD})`, required: 'at most 10' },
    ],
    [
      'a latency alarm loosened past the maximum',
      (c) => (c.environments[prodIndex(c)].alarms.p99LatencyMs = 60_000),
      { path: 'environments[1].alarms.p99LatencyMs', found: `60000 (${PROD})`, required: 'at most 3000' },
    ],
    [
      'dropping the smoke checks on production (AfterAllowTraffic)',
      (c) => (c.hooks = ['AfterAllowTestTraffic']),
      {
        path: 'hooks',
        found: `[AfterAllowTestTraffic] (leaves out AfterAllowTraffic; ${PROD})`,
        required: 'to include [AfterAllowTestTraffic, AfterAllowTraffic]',
      },
    ],
    [
      'an allowlist longer than allowed',
      (c) =>
        (c.scan.allowlist = Array.from({ length: 11 }, (_, i) => ({
          id: `CVE-2026-${1000 + i}`,
          reason: 'no fix upstream yet',
          expires: daysAfterToday(10),
        }))),
      { path: 'scan.allowlist', found: '11 entries', required: 'at most 10 entries' },
    ],
    [
      'letting HIGH findings pass',
      (c) => (c.scan.failOn = ['CRITICAL']),
      { path: 'scan.failOn', found: '[CRITICAL] (lets HIGH pass)', required: 'to include [CRITICAL, HIGH]' },
    ],
    [
      'using onlyFixable where the guardrails forbid it',
      (c) => (c.scan.onlyFixable = true),
      { path: 'scan.onlyFixable', found: 'true', required: 'false (onlyFixable is not allowed)' },
    ],
    [
      'an allowlist entry one day longer than allowed',
      (c) =>
        (c.scan.allowlist = [
          { id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: daysAfterToday(30) },
          { id: 'CVE-2026-2222', reason: 'vendor says next quarter', expires: daysAfterToday(91) },
        ]),
      {
        path: 'scan.allowlist[1].expires',
        found: '2026-05-31 (CVE-2026-2222; 91 days after today)',
        required: '2026-05-30 or earlier (at most 90 days after 2026-03-01)',
      },
    ],
    [
      'an allowlist entry whose expiry is no real date',
      (c) => (c.scan.allowlist = [{ id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: '2026-02-30' }]),
      {
        path: 'scan.allowlist[0].expires',
        found: "'2026-02-30' (CVE-2026-1111; not a real date)",
        required: '2026-05-30 or earlier (at most 90 days after 2026-03-01)',
      },
    ],
  ])('%s', (_, change, violation) => {
    expect(checkGuardrails(configWith(change), exampleGuardrails(), TODAY)).toEqual([violation]);
  });

  describe('a database that accepts connections without TLS (database.requireTls false)', () => {
    const DATABASE = {
      engine: 'mysql',
      name: 'app',
      backupRetentionDays: 7,
      iamAuthentication: true,
      requireTls: true,
      applicationUser: true,
    } as const;
    const required = 'true (a database in a protected account refuses connections without TLS)';

    test("is refused in prod, at the field that turns it off: the top level, or prod's own database", () => {
      const top = configWith((c) => (c.database = { ...DATABASE, requireTls: false }));
      const own = configWith((c) => {
        c.database = DATABASE;
        c.environments[prodIndex(c)].database = { requireTls: false };
      });
      expect(checkGuardrails(top, exampleGuardrails(), TODAY)).toEqual([
        { path: 'database.requireTls', found: `false (${PROD})`, required },
      ]);
      expect(checkGuardrails(own, exampleGuardrails(), TODAY)).toEqual([
        { path: 'environments[1].database.requireTls', found: `false (${PROD})`, required },
      ]);
    });

    test('passes where only an unprotected environment turns it off, and where the guardrails allow it', () => {
      const staging = configWith((c) => {
        c.database = DATABASE;
        c.environments[0].database = { requireTls: false };
      });
      const everywhere = configWith((c) => (c.database = { ...DATABASE, requireTls: false }));
      const allowing = guardrailsWith((g) => (g.protectedEnvironments.database.allowWithoutTls = true));
      expect(checkGuardrails(staging, exampleGuardrails(), TODAY)).toEqual([]);
      expect(checkGuardrails(everywhere, allowing, TODAY)).toEqual([]);
    });

    test("the master user: refused for prod's services unless the guardrails allow it", () => {
      const master = configWith((c) => (c.database = { ...DATABASE, applicationUser: false }));
      const stagingOnly = configWith((c) => {
        c.database = DATABASE;
        c.environments[0].database = { applicationUser: false };
      });
      const allowing = guardrailsWith((g) => (g.protectedEnvironments.database.allowMasterUser = true));
      expect(checkGuardrails(master, exampleGuardrails(), TODAY)).toEqual([
        {
          path: 'database.applicationUser',
          found: `false (${PROD})`,
          required: "true (a protected environment's services connect as the application user, not the master user)",
        },
      ]);
      expect(checkGuardrails(stagingOnly, exampleGuardrails(), TODAY)).toEqual([]);
      expect(checkGuardrails(master, allowing, TODAY)).toEqual([]);
    });
  });

  test('renaming prod and adding the real prod account as another environment is refused: guardrails follow the account', () => {
    // The attack of issue 21: 'prod' stays, on an unused account, and 'live' (the protected account) deploys with no
    // approval and no window.
    const renamed = configWith((c) => {
      const prod = c.environments[prodIndex(c)];
      c.environments.push({ ...structuredClone(prod), name: 'live', approval: false, deploymentWindow: undefined });
      prod.account = '444444444444';
    });

    expect(checkGuardrails(renamed, exampleGuardrails(), TODAY)).toEqual([
      {
        path: 'environments[2].approval',
        found: "false (environment 'live', protected account 333333333333)",
        required: 'true',
      },
      {
        path: 'environments[2].deploymentWindow',
        found: "absent (environment 'live', protected account 333333333333)",
        required: 'a deployment window, at most 10 hours a day on at most 5 days',
      },
    ]);
  });

  test('an environment of any name in a protected account is judged, and one outside none is', () => {
    const guardrails = guardrailsWith((g) => g.protectedAccounts.push('222222222222'));

    expect(checkGuardrails(shippedConfig(), guardrails, TODAY).map((v) => v.path)).toEqual([
      'environments[0].approval',
      'environments[0].deploymentWindow',
      'environments[0].deployment.type',
    ]);
  });

  test('a version 1 document (names) refuses every config, saying how to migrate', () => {
    const v1 = {
      version: 1 as const,
      environments: { requireApproval: ['prod'], requireDeploymentWindow: ['prod'] },
      scan: { mustBlock: ['CRITICAL' as const], onlyFixableAllowed: false, allowlistMaxDays: 90 },
    };

    const violations = checkGuardrails(shippedConfig(), v1, TODAY);
    expect(violations).toHaveLength(1);
    expect(violations[0].path).toBe('guardrails');
    expect(violations[0].required).toContain('version 2, which lists protectedAccounts');
  });

  test('every weakened gate is reported at once, in document order', () => {
    const weak = configWith((c) => {
      c.environments[1].approval = false;
      delete c.environments[1].deploymentWindow;
      c.scan.failOn = ['LOW'];
      c.scan.onlyFixable = true;
      c.scan.allowlist = [{ id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: '2099-12-31' }];
    });

    expect(checkGuardrails(weak, exampleGuardrails(), TODAY).map((v) => v.path)).toEqual([
      'environments[1].approval',
      'environments[1].deploymentWindow',
      'scan.failOn',
      'scan.onlyFixable',
      'scan.allowlist[0].expires',
    ]);
  });

  test('allowlist days count from the UTC date of today, whatever its hour', () => {
    const config = configWith(
      (c) => (c.scan.allowlist = [{ id: 'CVE-2026-1111', reason: 'no fix upstream yet', expires: '2026-05-30' }]),
    );

    expect(checkGuardrails(config, exampleGuardrails(), new Date('2026-03-01T00:00:00Z'))).toEqual([]);
    expect(checkGuardrails(config, exampleGuardrails(), new Date('2026-03-01T23:59:59Z'))).toEqual([]);
    expect(checkGuardrails(config, exampleGuardrails(), new Date('2026-02-28T23:59:59Z'))).toHaveLength(1);
  });
});
