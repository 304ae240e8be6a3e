import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parameterAnswer, useGuardrailsCli } from './support/guardrails-cli';
import { EXAMPLE_GUARDRAILS, guardrailsYamlWith } from '../../core/guardrails/fixtures';

const { fakeSsm, file, guardrails } = useGuardrailsCli();

const NAME = '/bluegreen/sample/guardrails';
const EXAMPLE = readFileSync(EXAMPLE_GUARDRAILS, 'utf8');
const put = () => ({ body: { Version: 4, Tier: 'Standard' } });
const notFound = () => ({ status: 400, errorType: 'ParameterNotFound', message: 'ParameterNotFound from the fake' });

describe('bluegreen guardrails publish --file F (real SSM client, local endpoint)', () => {
  test('the first publish writes the validated document to the parameter the config names', async () => {
    const ssm = await fakeSsm(notFound, { PutParameter: put });

    const run = await guardrails(['publish', '--file', 'guardrails.example.yaml']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`guardrails: published guardrails.example.yaml to SSM parameter ${NAME} (version 4)`);
    const [call] = ssm.callsOf('PutParameter');
    expect(call).toMatchObject({ Name: NAME, Type: 'String', Overwrite: true, Tier: 'Standard' });
    expect(JSON.parse(String(call.Value))).toEqual(parse(EXAMPLE));
  });

  test('a stricter document replaces the live one', async () => {
    const ssm = await fakeSsm(() => parameterAnswer(NAME, EXAMPLE), { PutParameter: put });
    const stricter = file(
      'stricter.yaml',
      guardrailsYamlWith((g) => g.protectedAccounts.push('222222222222')),
    );

    const run = await guardrails(['publish', '--file', stricter, '--parameter', NAME]);

    expect(run.code).toBe(0);
    expect(ssm.callsOf('PutParameter')).toHaveLength(1);
  });

  test('a weaker document is refused (exit 1, nothing written) unless --allow-weaker', async () => {
    const ssm = await fakeSsm(() => parameterAnswer(NAME, EXAMPLE), { PutParameter: put });
    const weaker = file(
      'weaker.yaml',
      guardrailsYamlWith((g) => (g.protectedAccounts = ['444444444444'])),
    );

    const refused = await guardrails(['publish', '--file', weaker, '--parameter', NAME]);

    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('  protectedAccounts: found [444444444444] (drops 333333333333)');
    expect(ssm.callsOf('PutParameter')).toEqual([]);

    const forced = await guardrails(['publish', '--file', weaker, '--parameter', NAME, '--allow-weaker']);

    expect(forced.code).toBe(0);
    expect(ssm.callsOf('PutParameter')).toHaveLength(1);
  });

  test('a document that is not valid is a usage mistake (exit 2) and SSM is not asked', async () => {
    const ssm = await fakeSsm(notFound, { PutParameter: put });
    const broken = file(
      'broken.yaml',
      guardrailsYamlWith((g) => (g.protectedAccounts = [])),
    );

    const run = await guardrails(['publish', '--file', broken]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('protectedAccounts: needs at least one account');
    expect(ssm.calls).toEqual([]);
  });

  test('SSM refusing the write: exit 1 naming the parameter', async () => {
    await fakeSsm(notFound, {
      PutParameter: () => ({ status: 400, errorType: 'AccessDeniedException', message: 'not allowed' }),
    });

    const run = await guardrails(['publish', '--file', 'guardrails.example.yaml']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot publish SSM parameter ${NAME}: AccessDeniedException`);
  });
});
