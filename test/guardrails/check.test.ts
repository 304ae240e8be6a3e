import { checkGuardrails, type Violation } from '../../core/guardrails';
import type { PipelineConfig } from '../../model/config';
import { configWith, daysAfterToday, exampleGuardrails, guardrailsWith, shippedConfig, TODAY } from './fixtures';

const prodIndex = (config: PipelineConfig) => config.environments.findIndex((e) => e.name === 'prod');

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
      { path: 'environments[1].approval', found: "false (environment 'prod')", required: 'true' },
    ],
    [
      'dropping the prod deployment window',
      (c) => delete c.environments[prodIndex(c)].deploymentWindow,
      {
        path: 'environments[1].deploymentWindow',
        found: "absent (environment 'prod')",
        required: 'a deployment window',
      },
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

  test.each([
    ['dropping prod', (c: PipelineConfig) => c.environments.splice(prodIndex(c), 1), '[staging]'],
    [
      'renaming prod',
      (c: PipelineConfig) => (c.environments[prodIndex(c)].name = 'production'),
      '[staging, production]',
    ],
  ])('%s is a violation, not a pass', (_, change, names) => {
    expect(checkGuardrails(configWith(change), exampleGuardrails(), TODAY)).toEqual([
      {
        path: 'environments',
        found: `no environment named 'prod' (names: ${names})`,
        required: "an environment 'prod' with approval: true and a deploymentWindow",
      },
    ]);
  });

  test('a guardrail on another environment applies to it', () => {
    const guardrails = guardrailsWith((g) => g.environments.requireApproval.push('staging'));

    expect(checkGuardrails(shippedConfig(), guardrails, TODAY)).toEqual([
      { path: 'environments[0].approval', found: "false (environment 'staging')", required: 'true' },
    ]);
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
