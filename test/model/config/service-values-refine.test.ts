import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { configProblems, REPO_ROOT } from '../../support/configs';

// GIVEN the fixture with a web service, a worker and a singleton beat sharing one image, per-environment secrets,
// a shared secret and task role statements (test/fixtures/django-celery.yaml)
const FIXTURE = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'django-celery.yaml'), 'utf8');
type Raw = {
  services: Record<string, unknown>[];
  environments: { services: Record<string, Record<string, unknown>> }[];
};
/** The fixture with one change, and the problems validation reports. */
const problemsWith = (change: (raw: Raw) => void): readonly string[] => {
  const raw = parse(FIXTURE) as Raw;
  change(raw);
  return configProblems(stringify(raw));
};
const web = (raw: Raw) => raw.services[0];
const beat = (raw: Raw) => raw.services[2];
const statement = (raw: Raw) => (web(raw).permissions as { statements: Record<string, unknown>[] }).statements[0];

test('the fixture itself is valid', () => {
  expect(problemsWith(() => undefined)).toEqual([]);
});

describe('singleton', () => {
  const SINGLE = 'a singleton runs exactly one task and never scales';

  test.each([
    ['queueScaling', { namespace: 'Desk', metricName: 'Depth', targetValue: 5 }, 'remove queueScaling or singleton'],
    ['desiredCount', 2, 'remove desiredCount or singleton (got 2)'],
  ])('refuses %s on a singleton in one line', (field, value, rest) => {
    expect(problemsWith((raw) => (beat(raw)[field] = value))).toEqual([`services[2].${field}: ${SINGLE}; ${rest}`]);
  });

  test('refuses a rollout setting that would run two at once', () => {
    expect(problemsWith((raw) => (beat(raw).maxHealthyPercent = 200))).toEqual([
      'services[2].maxHealthyPercent: is fixed for a singleton: its rollout stops the old task before the new one ' +
        'starts (minHealthyPercent 0, maxHealthyPercent 100), so two never run at once; remove it (got 200)',
    ]);
  });

  test("refuses an environment's scaling of a singleton", () => {
    expect(problemsWith((raw) => (raw.environments[2].services.beat = { scaling: { maxTasks: 3 } }))).toEqual([
      `environments[2].services.beat.scaling: ${SINGLE}; 'beat' is a singleton`,
    ]);
  });

  test('refuses a singleton web service, saying why', () => {
    expect(problemsWith((raw) => (web(raw).singleton = true))).toEqual([
      'services[0].singleton: a web service is deployed blue/green by CodeDeploy, which starts green beside blue, so ' +
        'two tasks always run during a deployment; make the single instance a kind: worker (rolled out by ECS, old ' +
        'task stopped first) (got true)',
    ]);
  });
});

describe('secrets per environment', () => {
  test("refuses a variable named like the environment's name, which the tool sets", () => {
    expect(
      problemsWith((raw) => (raw.environments[0].services.web.environment = { BLUEGREEN_ENVIRONMENT: 'x' })),
    ).toEqual([
      "environments[0].services.web.environment.BLUEGREEN_ENVIRONMENT: is set by the tool to the environment's " +
        'name in every container; choose another variable name',
    ]);
  });

  test("refuses a secret of another account than the environment's, unless shared", () => {
    const staging = 'arn:aws:secretsmanager:eu-central-1:410000000004:secret:desk/django-PrdKey';
    const problems = problemsWith((raw) => {
      raw.environments[1].services.web.secrets = { DJANGO_SECRET_KEY: { secretsManagerArn: staging } };
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'environments[1].services.web.secrets.DJANGO_SECRET_KEY.secretsManagerArn: is a secret of account ' +
        "410000000004, but environment 'staging' runs in 410000000003, where its tasks cannot read it: give the " +
        'environment its own secret at environments[1].services.web.secrets.DJANGO_SECRET_KEY, or mark it shared: ' +
        "true with its kmsKeyArn once the owner's resource policy and key policy admit this account",
    );
  });

  test('refuses a service-level secret of one account for environments in others, once per environment', () => {
    const problems = problemsWith((raw) => {
      (web(raw).secrets as Record<string, unknown>).STRIPE_API_KEY = {
        secretsManagerArn: 'arn:aws:secretsmanager:eu-central-1:410000000009:secret:payments/stripe-AbCdEf',
      };
    });
    expect(problems).toHaveLength(3);
    expect(problems.every((p) => p.startsWith('services[0].secrets.STRIPE_API_KEY.secretsManagerArn: '))).toBe(true);
  });

  test('refuses a shared secret without the key that encrypts it', () => {
    const problems = problemsWith((raw) => {
      delete (web(raw).secrets as Record<string, Record<string, unknown>>).STRIPE_API_KEY.kmsKeyArn;
    });
    expect(problems).toEqual([
      'services[0].secrets.STRIPE_API_KEY.kmsKeyArn: a shared secret needs kmsKeyArn: a secret read from another ' +
        'account must be encrypted with a customer managed key, and the execution role must be allowed to decrypt ' +
        'with it',
    ]);
  });
});

describe('imageFrom', () => {
  test('refuses a service that names none', () => {
    expect(problemsWith((raw) => (beat(raw).imageFrom = 'api'))).toEqual([
      'services[2].imageFrom: names no service (services that build an image: web) (got "api")',
    ]);
  });

  test('refuses a service that names one running another image', () => {
    expect(problemsWith((raw) => (beat(raw).imageFrom = 'worker'))).toEqual([
      "services[2].imageFrom: names 'worker', which runs the image of 'web' itself; name 'web' (got \"worker\")",
    ]);
  });

  test('refuses a build context or Dockerfile beside imageFrom, and neither', () => {
    expect(problemsWith((raw) => (beat(raw).buildContext = 'service'))).toEqual([
      "services[2].buildContext: builds nothing with imageFrom: 'web' (it runs that service's image); remove " +
        'buildContext (got "service")',
    ]);
    expect(problemsWith((raw) => (beat(raw).dockerfile = 'Dockerfile.beat'))).toEqual([
      "services[2].dockerfile: builds nothing with imageFrom: 'web' (it runs that service's image); remove " +
        'dockerfile (got "Dockerfile.beat")',
    ]);
    expect(problemsWith((raw) => delete beat(raw).imageFrom)).toEqual([
      "services[2].buildContext: is required: the directory the service's image is built from (or imageFrom: the " +
        'service whose image it runs)',
    ]);
  });
});

describe('task role permissions', () => {
  test.each(['*', 's3:*', 's3:Get*'])('refuses the wildcard action %s', (action) => {
    expect(problemsWith((raw) => (statement(raw).actions = [action]))).toEqual([
      "services[0].permissions.statements[0].actions[0]: must be one IAM action such as s3:GetObject, without wildcards ('*' " +
        `and s3:Get* are refused: the policy gates ask for each action by name) (got "${action}")`,
    ]);
  });

  test.each(['iam:PassRole', 'sts:AssumeRole'])('refuses %s, which could escalate', (action) => {
    const service = action.split(':')[0];
    expect(problemsWith((raw) => (statement(raw).actions = [action]))).toEqual([
      `services[0].permissions.statements[0].actions[0]: is an action of ${service}, which could give the task more ` +
        'power than its role has (iam, sts, organizations, sso, identitystore are refused); grant what the code ' +
        "needs in the service it calls, or, if it truly needs this, add it in the application's entry point " +
        `(README: What the configuration cannot say) (got "${action}")`,
    ]);
  });

  test.each(['*', 'arn:aws:s3:::*', 'arn:aws:sqs:eu-central-1:*:jobs'])('refuses the resource %s', (resource) => {
    expect(problemsWith((raw) => (statement(raw).resources = [resource]))).toEqual([
      expect.stringMatching(
        /^services\[0\]\.permissions\.statements\[0\]\.resources\[0\]: must be an ARN .* '\*' alone/,
      ),
    ]);
  });

  test('refuses an AWS managed policy, naming the gate', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
    expect(problemsWith((raw) => ((web(raw).permissions as Record<string, unknown>).managedPolicies = [arn]))).toEqual([
      "services[0].permissions.managedPolicies[0]: must be the name of a customer managed policy in the environment's " +
        'account (not an ARN); AWS managed policies are refused by the policy gates (AwsSolutions-IAM4): name their ' +
        `actions in statements (got "${arn}")`,
    ]);
  });
});
