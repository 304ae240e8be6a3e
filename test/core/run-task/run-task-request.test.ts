import {
  commandContainer,
  commandOverride,
  describeLogs,
  parseSecurityGroups,
  parseSubnets,
  RunTaskAwsError,
  runTaskRequest,
  secondsOption,
  serviceNetwork,
  taskDefinitionFacts,
  taskIdOf,
  type LogLocation,
} from '../../../core/run-task';

const TD_ARN = 'arn:aws:ecs:eu-west-1:222222222222:task-definition/app:4';

describe('runTaskRequest', () => {
  test('one Fargate task of the exact revision, no public IP, the command override on its container', () => {
    expect(
      runTaskRequest({
        target: {
          cluster: 'c',
          taskDefinition: 'app',
          subnets: ['subnet-0123456789abcdef0'],
          securityGroups: ['sg-0123456789abcdef0'],
        },
        taskDefinitionArn: TD_ARN,
        command: { container: 'app', words: ['bin/migrate', 'up'] },
        clientToken: 'token-1',
      }),
    ).toEqual({
      cluster: 'c',
      taskDefinition: TD_ARN,
      launchType: 'FARGATE',
      count: 1,
      startedBy: 'bluegreen-run-task',
      clientToken: 'token-1',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0123456789abcdef0'],
          securityGroups: ['sg-0123456789abcdef0'],
          assignPublicIp: 'DISABLED',
        },
      },
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/migrate', 'up'] }] },
    });
  });
});

describe('flag checks', () => {
  test.each<[string, string[]]>([
    ['subnet-0123abcd', ['subnet-0123abcd']],
    ['subnet-0123456789abcdef0, subnet-0123abcd', ['subnet-0123456789abcdef0', 'subnet-0123abcd']],
  ])('--subnets %s', (text, ids) => expect(parseSubnets(text)).toEqual(ids));

  test.each<[string, string]>([
    ['subnet-0123abcd,subnet-0123abcd', '--subnets lists subnet-0123abcd more than once'],
    ['subnet-XYZ', "--subnets: 'subnet-XYZ' is not an id like subnet-0123456789abcdef0"],
    [
      Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`).join(','),
      '--subnets lists 17 ids; a task takes at most 16',
    ],
  ])('--subnets %s is refused', (text, message) => expect(() => parseSubnets(text)).toThrow(message));

  test('at most 5 security groups', () => {
    const six = Array.from({ length: 6 }, (_, i) => `sg-${String(i).padStart(8, '0')}`).join(',');
    expect(() => parseSecurityGroups(six)).toThrow('--security-groups lists 6 ids; a task takes at most 5');
  });

  test.each<[string | undefined, number]>([
    [undefined, 6_000],
    ['0.01', 10],
    ['6', 6_000],
  ])('--poll-seconds %s is %d ms', (text, ms) => expect(secondsOption(text, '--poll-seconds', 6, 6)).toBe(ms));

  test.each(['0', '6.5', '-1', 'abc', '1e3'])('--poll-seconds %s is refused', (text) => {
    expect(() => secondsOption(text, '--poll-seconds', 6, 6)).toThrow('--poll-seconds must be a number of seconds');
  });

  test('--command alone, with --container, and none', () => {
    expect(commandOverride(undefined, `a 'b c'`)).toEqual({ words: ['a', 'b c'] });
    expect(commandOverride('app', 'a')).toEqual({ container: 'app', words: ['a'] });
    expect(commandOverride(undefined, undefined)).toBeUndefined();
  });
});

describe('task definition facts', () => {
  const facts = taskDefinitionFacts({
    taskDefinitionArn: TD_ARN,
    containerDefinitions: [
      {
        name: 'app',
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/g', 'awslogs-stream-prefix': 'p' } },
      },
      { name: 'router', essential: false, logConfiguration: { logDriver: 'awsfirelens' } },
      { name: 'init', essential: false },
    ],
  });

  test('essential defaults to true; the only essential container gets --command', () => {
    expect(facts.containers.map((c) => [c.name, c.essential])).toEqual([
      ['app', true],
      ['router', false],
      ['init', false],
    ]);
    expect(commandContainer(facts, undefined)).toBe('app');
    expect(commandContainer(facts, 'init')).toBe('init');
  });

  test.each<[string, LogLocation, string]>([
    ['awslogs with a prefix', { kind: 'awslogs', group: '/g', streamPrefix: 'p' }, 'log group /g, stream p/app/abc'],
    [
      'awslogs with a region',
      { kind: 'awslogs', group: '/g', streamPrefix: 'p', region: 'eu-west-1' },
      'log group /g (eu-west-1), stream p/app/abc',
    ],
    [
      'awslogs without a prefix',
      { kind: 'awslogs', group: '/g' },
      'log group /g, stream unknown (no awslogs-stream-prefix)',
    ],
    ['another driver', { kind: 'other', driver: 'awsfirelens' }, 'log driver awsfirelens (not awslogs)'],
    ['no log configuration', { kind: 'none' }, 'no log configuration'],
  ])('logs: %s', (_name, logs, text) => expect(describeLogs(logs, 'app', 'abc')).toBe(text));

  test('the log driver is read from the definition', () => {
    expect(facts.containers.map((c) => c.logs)).toEqual([
      { kind: 'awslogs', group: '/g', streamPrefix: 'p' },
      { kind: 'other', driver: 'awsfirelens' },
      { kind: 'none' },
    ]);
  });

  test.each([
    ['no ARN', { containerDefinitions: [{ name: 'a' }] }],
    ['no containers', { taskDefinitionArn: TD_ARN, containerDefinitions: [] }],
    ['no essential container', { taskDefinitionArn: TD_ARN, containerDefinitions: [{ name: 'a', essential: false }] }],
  ])('a definition with %s is not understood', (_name, definition) => {
    expect(() => taskDefinitionFacts(definition)).toThrow(RunTaskAwsError);
  });

  test.each([
    ['arn:aws:ecs:eu-west-1:222222222222:task/cluster/abc123', 'abc123'],
    ['arn:aws:ecs:eu-west-1:222222222222:task/abc123', 'abc123'],
  ])('task id of %s', (arn, id) => expect(taskIdOf(arn)).toBe(id));
});

describe('serviceNetwork', () => {
  const vpc = (subnet: string) => ({ awsvpcConfiguration: { subnets: [subnet], securityGroups: ['sg-00000000'] } });
  test('the service, else the PRIMARY task set, never an ACTIVE (green) one', () => {
    expect(serviceNetwork({ networkConfiguration: vpc('subnet-00000001') }).subnets).toEqual(['subnet-00000001']);
    expect(
      serviceNetwork({
        taskSets: [
          { status: 'ACTIVE', networkConfiguration: vpc('subnet-00000002') },
          { status: 'PRIMARY', networkConfiguration: vpc('subnet-00000003') },
        ],
      }).subnets,
    ).toEqual(['subnet-00000003']);
    expect(() =>
      serviceNetwork({
        serviceName: 'web',
        taskSets: [{ status: 'ACTIVE', networkConfiguration: vpc('subnet-00000002') }],
      }),
    ).toThrow('service web has no awsvpc subnets and security groups');
  });
});
