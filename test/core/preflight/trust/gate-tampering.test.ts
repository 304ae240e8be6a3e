import { gateTampering } from '../../../../core/preflight/trust/gate-tampering';
import { attachedPolicy, resource, role, stack, statement } from '../harness';

const trusting = (service: string) => ({
  AssumeRolePolicyDocument: {
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service } }],
  },
});
const judged = (service: string, ...granted: ReturnType<typeof statement>[]) =>
  gateTampering(
    stack('prod', { resources: { Role: role(trusting(service)), Policy: attachedPolicy('Role', ...granted) } }),
  ).map((finding) => finding.message);

describe("gateTampering refuses a task role that could change its deployment's gates", () => {
  test.each([
    ['report its own hook as passed', 'lambda:UpdateFunctionCode'],
    ['silence a rollback alarm', 'cloudwatch:SetAlarmState'],
    ['move the production listener', 'elasticloadbalancing:ModifyListener'],
    ['start a deployment of its own', 'codedeploy:CreateDeployment'],
    ['run tasks of its own', 'ecs:RunTask'],
  ])('%s (%s)', (_case, action) => {
    expect(judged('ecs-tasks.amazonaws.com', statement(action))).toEqual([
      expect.stringMatching(
        new RegExp(`^role 'Role' \\(of tasks or builds\\) may ${action.replace(/[.*]/g, '\\$&')}: `),
      ),
    ]);
  });

  test("the integration suite's build role, which runs the candidate's suite source", () => {
    expect(judged('codebuild.amazonaws.com', statement('codebuild:StartBuild'))).toEqual([
      expect.stringContaining('may codebuild:StartBuild'),
    ]);
  });

  test('a role that admits tasks beside another service', () => {
    const both = stack('prod', {
      resources: {
        Role: role({
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: 'sts:AssumeRole',
                Principal: { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
              },
            ],
          },
        }),
        Policy: attachedPolicy('Role', statement('lambda:UpdateFunctionCode')),
      },
    });
    expect(gateTampering(both)).toHaveLength(1);
  });

  test('a wildcard counts for every action it covers', () => {
    expect(judged('ecs-tasks.amazonaws.com', statement('cloudwatch:*'))[0]).toContain(
      'cloudwatch:PutMetricAlarm, cloudwatch:PutCompositeAlarm, cloudwatch:DeleteAlarms',
    );
  });
});

describe('gateTampering refuses any role that could change a function Verify judged', () => {
  test.each([
    [
      'an application function replacing a hook or rotation function code',
      'lambda.amazonaws.com',
      'lambda:UpdateFunctionCode',
    ],
    ['a function giving another function its role', 'lambda.amazonaws.com', 'lambda:UpdateFunctionConfiguration'],
    ['a state machine creating a function', 'states.amazonaws.com', 'lambda:CreateFunction'],
    ['a function stopping another with concurrency 0', 'lambda.amazonaws.com', 'lambda:PutFunctionConcurrency'],
    ['a function giving another a URL', 'lambda.amazonaws.com', 'lambda:CreateFunctionUrlConfig'],
  ])('%s (%s, %s)', (_case, service, action) => {
    expect(judged(service, statement(action))).toEqual([
      expect.stringMatching(new RegExp(`^role 'Role' may ${action}: code that runs as it could replace the code`)),
    ]);
  });
});

describe('gateTampering leaves alone', () => {
  test("what the application uses, and roles other services assume (the tool's re-point function, CodeDeploy)", () => {
    expect(judged('ecs-tasks.amazonaws.com', statement(['s3:GetObject', 'sqs:ReceiveMessage']))).toEqual([]);
    expect(judged('lambda.amazonaws.com', statement('elasticloadbalancing:ModifyListener'))).toEqual([]);
    expect(judged('codedeploy.amazonaws.com', statement('ecs:CreateTaskSet'))).toEqual([]);
    expect(judged('codebuild.amazonaws.com', statement(['s3:GetObject', 'logs:PutLogEvents']))).toEqual([]);
  });

  test('a role an account assumes (a pipeline step), though it may run tasks', () => {
    const account = stack('prod', {
      resources: {
        Role: role({
          AssumeRolePolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::666666666666:root' } },
            ],
          },
        }),
        Policy: attachedPolicy('Role', statement('ecs:RunTask')),
        Unused: resource('AWS::S3::Bucket', {}),
      },
    });
    expect(gateTampering(account)).toEqual([]);
  });
});
