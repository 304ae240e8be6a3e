import type { JsonObject } from '../../../../core/preflight/json-value';
import { deployPathReach } from '../../../../core/preflight/trust/deploy-path-reach';
import { attachedPolicy, resource, role, stack, statement } from '../harness';

const PROD = '333333333333';
const ACTION_ROLE = 'app-prod-cd-action-euw1';

/** `app-prod-service` in prod, eu-west-1, with a task role and the given resources. */
const prodStack = (resources: Record<string, ReturnType<typeof resource>>) =>
  stack('prod', {
    stackName: 'app-prod-service',
    account: PROD,
    region: 'eu-west-1',
    resources: { TaskRole: role(), ...resources },
  });
const judged = (resources: Record<string, ReturnType<typeof resource>>) =>
  deployPathReach(prodStack(resources)).map((finding) => finding.message);
const policyOn = (roles: JsonObject['Roles'], ...statements: JsonObject[]) =>
  resource('AWS::IAM::Policy', { PolicyName: 'p', PolicyDocument: { Statement: statements }, Roles: roles });

describe("deployPathReach refuses what takes the account's deploy path", () => {
  test.each<[string, JsonObject, string]>([
    [
      'assuming the bootstrap deploy role',
      statement('sts:AssumeRole', {
        'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}',
      }),
      'sts:AssumeRole on arn:aws:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-',
    ],
    ['assuming any role', statement('sts:*', '*'), 'sts:AssumeRole on *'],
    [
      'writing the bootstrap asset bucket',
      statement('s3:PutObject', `arn:aws:s3:::cdk-hnb659fds-assets-${PROD}-eu-west-1/*`),
      's3:PutObject on arn:aws:s3:::cdk-hnb659fds-assets-',
    ],
    [
      'changing stacks',
      statement(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], '*'),
      'cloudformation:CreateChangeSet',
    ],
    [
      'passing a role the template does not create',
      statement('iam:PassRole', `arn:aws:iam::${PROD}:role/admin`),
      'iam:PassRole on',
    ],
  ])('%s', (_case, granted, reach) => {
    const found = judged({ TaskPolicy: attachedPolicy('TaskRole', granted) });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(reach);
    expect(found[0]).toContain("could take the account's deploy path");
  });

  test.each<[string, JsonObject]>([
    [
      'NotResource (every resource but one)',
      { Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::999999999999:role/none' },
    ],
    ['every bucket', statement('s3:PutObject', 'arn:aws:s3:::*/*')],
    ['every cdk- bucket', statement('s3:PutObject', 'arn:aws:s3:::cdk-*/*')],
    [
      'a value no check reads',
      statement('s3:PutObject', { 'Fn::If': ['Cond', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] }),
    ],
    [
      "a Sub whose variable map shadows the template's role",
      statement('iam:PassRole', { 'Fn::Sub': ['${TaskRole}', { TaskRole: `arn:aws:iam::${PROD}:role/admin` }] }),
    ],
  ])('the deploy path reached through %s', (_case, granted) => {
    const found = judged({ TaskPolicy: attachedPolicy('TaskRole', granted) });
    expect(found).toEqual([expect.stringContaining("could take the account's deploy path")]);
  });

  test('a managed policy the tool does not use (AdministratorAccess, a policy of the account)', () => {
    for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess', `arn:aws:iam::${PROD}:policy/app-deploy`]) {
      const found = judged({ Admin: role({ ManagedPolicyArns: [arn] }) });
      expect(found).toEqual([expect.stringContaining(`role 'Admin' has managed policy ${arn}, which no check reads`)]);
    }
    const own = judged({
      Own: resource('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [statement('sqs:SendMessage')] } }),
      Worker: role({
        ManagedPolicyArns: [
          { Ref: 'Own' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
        ],
      }),
    });
    expect(own).toEqual([]);
  });

  test('a policy attached to a role named by an expression, or to a role the template does not create', () => {
    const iam = statement(['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], '*');
    const joined = judged({ Sneaky: policyOn([{ 'Fn::Join': ['', ['app-prod-task', '-euw1']] }], iam) });
    expect(joined).toEqual([
      expect.stringMatching(/^policy 'Sneaky' attaches to role .*which this template does not create/),
    ]);
    const bootstrap = judged({ Sneaky: policyOn([`cdk-hnb659fds-file-publishing-role-${PROD}-eu-west-1`], iam) });
    expect(bootstrap).toEqual([expect.stringContaining('attaches to role cdk-hnb659fds-file-publishing-role-')]);
  });

  test("the CodeDeploy action role's policy beyond what the action does", () => {
    const found = judged({
      ActionPolicy: policyOn([ACTION_ROLE], statement('ecs:RegisterTaskDefinition'), statement('iam:PutRolePolicy')),
    });
    expect(found).toEqual([
      expect.stringContaining("the CodeDeploy action role's policy 'ActionPolicy' grants iam:PutRolePolicy"),
    ]);
  });
});

describe('deployPathReach admits what the tool writes', () => {
  test("the CodeDeploy action role's policy, passing the template's own roles, and CDK's name-from-ARN attachment", () => {
    const found = judged({
      ActionPolicy: policyOn(
        [ACTION_ROLE],
        statement(['codedeploy:CreateDeployment', 'ecs:RegisterTaskDefinition'], '*'),
        statement('iam:PassRole', { 'Fn::GetAtt': ['TaskRole', 'Arn'] }),
      ),
      ProviderRole: role(),
      ProviderPolicy: policyOn(
        [
          {
            'Fn::Select': [
              1,
              {
                'Fn::Split': [
                  '/',
                  { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ProviderRole', 'Arn'] }] }] },
                ],
              },
            ],
          },
        ],
        // Another account's role (a DNS account's delegation role) is that account's to trust.
        statement('sts:AssumeRole', 'arn:aws:iam::444444444444:role/example-com-delegation'),
      ),
      Bucket: resource('AWS::S3::Bucket', {}),
      Uploads: attachedPolicy(
        'TaskRole',
        statement('s3:PutObject', { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }),
      ),
    });
    expect(found).toEqual([]);
  });
});
