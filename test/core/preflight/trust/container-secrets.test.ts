import { containerSecretsOutside } from '../../../../core/preflight/trust/container-secrets';
import { resource, stack } from '../harness';

const PROD = '333333333333';
const SHARED = '510000000009';
const TOOLS = '540000000001';
const secretIn = (account: string) => `arn:aws:secretsmanager:eu-west-1:${account}:secret:payments/stripe-AbCdEf`;
const taskReading = (container: Record<string, unknown>) =>
  resource('AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', ...container }] });
const judged = (container: Record<string, unknown>, shared: string[] = [SHARED]) =>
  containerSecretsOutside(
    stack('app-prod-service', { account: PROD, resources: { Task: taskReading(container) } }),
    new Set(shared),
  ).map((f) => f.message);

test("admits the environment's own secrets and parameters, and those of an account the reviewed configuration shares", () => {
  expect(
    judged({
      Secrets: [
        { Name: 'A', ValueFrom: secretIn(PROD) },
        {
          Name: 'B',
          ValueFrom: { 'Fn::Join': ['', ['arn:aws:ssm:eu-west-1:', { Ref: 'AWS::AccountId' }, ':parameter/x']] },
        },
        { Name: 'C', ValueFrom: { Ref: 'DbSecret' } },
        { Name: 'D', ValueFrom: secretIn(SHARED) },
      ],
    }),
  ).toEqual([]);
});

test.each([
  ['a secret', { Secrets: [{ Name: 'NODE_OPTIONS', ValueFrom: secretIn(TOOLS) }] }],
  ['registry credentials', { RepositoryCredentials: { CredentialsParameter: secretIn(TOOLS) } }],
  [
    'a log secret',
    { LogConfiguration: { LogDriver: 'awsfirelens', SecretOptions: [{ Name: 'k', ValueFrom: secretIn(TOOLS) }] } },
  ],
])('refuses %s in an account the release stack does not share, naming it and what to do', (_case, container) => {
  expect(judged(container)).toEqual([
    `'Task' gives container 'app' ${secretIn(TOOLS)}, which ECS reads at every task start from an account the release ` +
      "stack does not share secrets from: keep it in the environment's account, or share it in the configuration " +
      '(shared: true) and deploy the release stack from that reviewed configuration',
  ]);
});

test('a shared account the release stack was not synthesized with is refused too', () => {
  expect(judged({ Secrets: [{ Name: 'D', ValueFrom: secretIn(SHARED) }] }, [])).toHaveLength(1);
});
