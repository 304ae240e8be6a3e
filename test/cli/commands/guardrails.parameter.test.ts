import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parameterAnswer, useGuardrailsCli } from './support/guardrails-cli';
import { configYamlWith, EXAMPLE_GUARDRAILS, guardrailsYamlWith } from '../../core/guardrails/fixtures';

const { fakeSsm, file, guardrails, withoutCredentials } = useGuardrailsCli();

const NAME = '/bluegreen/sample/guardrails';
const EXAMPLE = readFileSync(EXAMPLE_GUARDRAILS, 'utf8');

describe('bluegreen guardrails check --parameter NAME (real SSM client, local endpoint)', () => {
  test('a good parameter and the shipped files: exit 0, reading the decrypted parameter once', async () => {
    const ssm = await fakeSsm((input) => parameterAnswer(String(input.Name), EXAMPLE));

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.stdout).toBe(
      `guardrails: PASS — pipeline.config.yaml meets every minimum of SSM parameter ${NAME} (version 3)\n`,
    );
    expect(run.code).toBe(0);
    expect(ssm.callsOf('GetParameter')).toEqual([{ Name: NAME, WithDecryption: true }]);
    expect(run.stderr).toContain(`guardrails: reading SSM parameter ${NAME} in eu-west-1`);
  });

  test('without --parameter it reads the parameter the config names, else /bluegreen/<application>/guardrails', async () => {
    const ssm = await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    const named = file(
      'named.yaml',
      configYamlWith((raw) => (raw.guardrails = { parameterName: '/security/sample-gates' })),
    );

    expect((await guardrails(['check'])).code).toBe(0);
    expect((await guardrails(['check', '--config', named])).code).toBe(0);
    expect(ssm.callsOf('GetParameter').map((c) => c.Name)).toEqual([NAME, '/security/sample-gates']);
  });

  test('a parameter holding JSON works the same', async () => {
    await fakeSsm(() => parameterAnswer(NAME, JSON.stringify(parse(EXAMPLE))));

    expect((await guardrails(['check', '--parameter', NAME])).code).toBe(0);
  });

  test('a config weaker than the parameter: exit 1, naming each gate', async () => {
    const stricter = guardrailsYamlWith((g) => {
      g.protectedAccounts.push('222222222222');
      g.scan.mustBlock.push('MEDIUM');
    });
    await fakeSsm(() => parameterAnswer(NAME, stricter, 7));

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `guardrails: FAIL — 4 gates of pipeline.config.yaml are weaker than SSM parameter ${NAME} (version 7):\n` +
        "  environments[0].approval: found false (environment 'staging', protected account 222222222222); required true\n",
    );
    expect(run.stdout).toContain(
      '  scan.failOn: found [CRITICAL, HIGH] (lets MEDIUM pass); required to include [CRITICAL, HIGH, MEDIUM]\n',
    );
  });

  test('the renamed-environment config is refused: prod kept on an unused account, live added on the protected one', async () => {
    await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    const renamed = file(
      'renamed.yaml',
      configYamlWith((raw) => {
        const environments = raw.environments as Record<string, unknown>[];
        const prod = environments[1];
        // Before prod, so that validation (unprotected environments come first) lets it through.
        environments.splice(1, 0, {
          ...prod,
          name: 'live',
          approval: false,
          deploymentWindow: undefined,
          certificateArn: undefined,
          domainName: undefined,
        });
        prod.account = '444444444444';
        prod.certificateArn = 'arn:aws:acm:eu-west-1:444444444444:certificate/11111111-2222-3333-4444-555555555555';
      }),
    );

    const run = await guardrails(['check', '--parameter', NAME, '--config', renamed]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "  environments[1].approval: found false (environment 'live', protected account 333333333333); required true\n",
    );
    expect(run.stdout).toContain('  environments[1].deploymentWindow: found absent');
  });

  test("the repository's files are not compared unless --proposed names one: the parameter is the platform team's", async () => {
    await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    file(
      'guardrails.example.yaml',
      guardrailsYamlWith((g) => {
        g.scan.onlyFixableAllowed = true;
      }),
    );

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('guardrails.example.yaml');
  });

  test('a proposed guardrails file weaker than the parameter: exit 1, even though the config passes', async () => {
    await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    const weaker = file(
      'weaker.yaml',
      guardrailsYamlWith((g) => {
        g.scan.onlyFixableAllowed = true;
        g.protectedEnvironments.deploymentWindow.maxHoursPerDay = 23;
      }),
    );

    const run = await guardrails(['check', '--parameter', NAME, '--proposed', weaker]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `guardrails: PASS — pipeline.config.yaml meets every minimum of SSM parameter ${NAME} (version 3)\n` +
        `guardrails: FAIL — 2 gates of weaker.yaml are weaker than SSM parameter ${NAME} (version 3):\n` +
        '  protectedEnvironments.deploymentWindow.maxHoursPerDay: found 23; required at most 10, as the live guardrails say\n' +
        '  scan.onlyFixableAllowed: found true; required false, as the live guardrails say\n',
    );
  });

  test('--proposed names another repository file', async () => {
    await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    const proposed = file(
      'proposed.yaml',
      guardrailsYamlWith((g) => (g.scan.allowlistMaxDays = 120)),
    );

    const run = await guardrails(['check', '--parameter', NAME, '--proposed', proposed]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  scan.allowlistMaxDays: found 120; required at most 90, as the live guardrails say');
  });

  test('a missing repository guardrails file is a usage mistake (exit 2) and SSM is not asked', async () => {
    const ssm = await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));

    const run = await guardrails(['check', '--parameter', NAME, '--proposed', 'missing.yaml']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.yaml is not valid:\n {2}- cannot be read: ENOENT/);
    expect(ssm.calls).toEqual([]);
  });
});

describe('bluegreen guardrails check fails closed when the parameter cannot be used', () => {
  test.each<[string, number, string, string]>([
    [
      'ParameterNotFound',
      400,
      'ParameterNotFound',
      `cannot read the guardrails from SSM parameter ${NAME}: it does not exist in this account and region`,
    ],
    [
      'AccessDeniedException',
      400,
      'AccessDeniedException',
      `cannot read the guardrails from SSM parameter ${NAME}: access denied: the caller needs ssm:GetParameter on it`,
    ],
  ])('%s: exit 1 with a clear message', async (_, status, errorType, message) => {
    await fakeSsm(() => ({ status, errorType, message: `${errorType} from the fake` }));

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bluegreen guardrails: ${message}`);
    expect(run.stdout).toBe('');
  });

  test.each([
    ['YAML that does not parse', 'version: 1\nscan: [unclosed', 'YAML syntax:'],
    [
      'a document missing a minimum',
      'version: 1\nenvironments: { requireApproval: [], requireDeploymentWindow: [] }\n',
      'scan: is required (a map)',
    ],
    ['a value that is not a document', 'just some words', '(top level): must be a map (got "just some words")'],
  ])('an unparsable value (%s): exit 1, not a usage mistake', async (_, value, problem) => {
    await fakeSsm(() => parameterAnswer(NAME, value));

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `bluegreen guardrails: SSM parameter ${NAME} (version 3) is not valid:\n  - ${problem}`,
    );
    expect(run.stdout).toBe('');
  });

  test('an answer without a value: exit 1', async () => {
    await fakeSsm(() => ({ body: { Parameter: { Name: NAME, Type: 'String' } } }));

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`SSM parameter ${NAME} has no value`);
  });

  test('no credentials: exit 1 and nothing is sent', async () => {
    const ssm = await fakeSsm(() => parameterAnswer(NAME, EXAMPLE));
    withoutCredentials();

    const run = await guardrails(['check', '--parameter', NAME]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot read the guardrails from SSM parameter ${NAME}: no usable AWS credentials`);
    expect(ssm.calls).toEqual([]);
  });
});
