import { masterSecretUseProblems } from '../../../core/handoff/master-secret-use';
import { masterDatabase, resolveSecret, roleTrusting } from './master-database';

// GIVEN a protected stack's database, its master secret and attachment, the application user's secret, the tool's
// database function role, and a service's task and execution roles.
const reading = (Resource: unknown, Action: unknown = 'secretsmanager:GetSecretValue', role = 'TaskRole') => ({
  Type: 'AWS::IAM::Policy',
  Properties: {
    Roles: [{ Ref: role }],
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action, Resource }] },
  },
});
const stack = {
  ...masterDatabase,
  App: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  AppAttachment: {
    Type: 'AWS::SecretsManager::SecretTargetAttachment',
    Properties: { SecretId: { Ref: 'App' }, TargetId: { Ref: 'Instance' } },
  },
  UsersRole: roleTrusting('lambda.amazonaws.com'),
  UsersPolicy: reading(
    [{ Ref: 'MasterAttachment' }, { Ref: 'AppAttachment' }],
    'secretsmanager:GetSecretValue',
    'UsersRole',
  ),
  RotationPolicy: reading('*', 'secretsmanager:GetRandomPassword', 'UsersRole'),
  TaskRole: roleTrusting('ecs-tasks.amazonaws.com'),
  ExecutionRole: roleTrusting('ecs-tasks.amazonaws.com'),
  ExecutionPolicy: reading(
    [{ Ref: 'AppAttachment' }, 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:shop/api-key-??????'],
    ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    'ExecutionRole',
  ),
  Task: {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] },
      ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      ContainerDefinitions: [{ Name: 'app', Environment: [{ Name: 'MODE', Value: 'prod' }] }],
    },
  },
};
const DATABASE_ROLES = new Set(['UsersRole']);
const judged = (resources: Record<string, unknown>, alsoNamed?: string[]) =>
  masterSecretUseProblems({ ...stack, ...resources } as never, DATABASE_ROLES, alsoNamed);

test("admits the tool's shape: the database functions' role reads the master secret, the execution role the application's", () => {
  expect(judged({})).toEqual([]);
});

describe('(a) who may read a master secret: refused to any other principal, whatever the guardrails say', () => {
  test.each([
    ['GetSecretValue on the attachment', reading({ Ref: 'MasterAttachment' })],
    ['secretsmanager:* on the secret', reading({ Ref: 'Master' }, 'secretsmanager:*')],
    [
      'secretsmanager:Get* on a field of it',
      reading({ 'Fn::Join': ['', [{ Ref: 'MasterAttachment' }, ':password::']] }, 'secretsmanager:Get*'),
    ],
    ['* by Fn::Sub', reading({ 'Fn::Sub': '${Master}' }, '*')],
    ['a NotAction that leaves it in', reading({ Ref: 'MasterAttachment' }, undefined)],
    [
      'by its name in an ARN',
      reading('arn:aws:secretsmanager:eu-west-1:333333333333:secret:Master-AbCdEfGhIjKl-x1Y2z3'),
    ],
  ])('%s', (_how, policy) => {
    if (_how.startsWith('a NotAction'))
      Object.assign(policy.Properties.PolicyDocument.Statement[0], { Action: undefined, NotAction: ['s3:*'] });
    const problems = judged({ Attacker: policy });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^Attacker lets TaskRole read the database master secret \((MasterAttachment|Master)\): in a protected environment only the tool's database-users and database-rotation functions read a master secret/,
      ),
    );
    // A wildcard action writes it too: each line names the policy and the task role, nothing else.
    for (const problem of problems) expect(problem).toMatch(/^Attacker lets TaskRole /);
  });

  test.each([
    ['every resource', '*'],
    ['every secret of the account', 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:*'],
    ['a pattern of one character each', 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:????????????????????'],
  ])('reading %s', (_what, resource) => {
    expect(judged({ Attacker: reading(resource) })).toEqual([
      expect.stringMatching(/^Attacker lets TaskRole read any secret/),
    ]);
  });

  test('reading what deploys only decides: an import, a parameter, a custom resource attribute', () => {
    const resources = {
      Echo: { Type: 'Custom::Echo', Properties: { ServiceToken: 'x' } },
      Imported: reading({ 'Fn::ImportValue': 'shop-master-arn' }),
      Parameter: reading({ Ref: 'SecretParameter' }),
      Attribute: reading({ 'Fn::GetAtt': ['Echo', 'Arn'] }),
      // A custom resource handed the master secret hands it back.
      Handed: reading({ 'Fn::GetAtt': ['HandedBack', 'Arn'] }),
      HandedBack: { Type: 'Custom::Echo', Properties: { ServiceToken: 'x', Secret: { Ref: 'Master' } } },
    };
    expect(judged(resources).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'Imported lets TaskRole read secrets this check cannot tell (${?})',
      'Parameter lets TaskRole read secrets this check cannot tell (${SecretParameter})',
      'Attribute lets TaskRole read secrets this check cannot tell (${Echo.Arn})',
      'Handed lets TaskRole read the database master secret (Master)',
    ]);
  });

  test("in a role's own policy, a managed policy, a user's, or a policy of the template's for a role elsewhere", () => {
    const document = {
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'Master' } }],
    };
    const resources = {
      Inline: {
        ...roleTrusting('ecs-tasks.amazonaws.com'),
        Properties: { ...roleTrusting('x').Properties, Policies: [{ PolicyName: 'p', PolicyDocument: document }] },
      },
      Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: document } },
      Holder: {
        ...roleTrusting('ecs-tasks.amazonaws.com'),
        Properties: { ...roleTrusting('x').Properties, ManagedPolicyArns: [{ Ref: 'Managed' }] },
      },
      User: { Type: 'AWS::IAM::User', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: document }] } },
      Elsewhere: { Type: 'AWS::IAM::Policy', Properties: { Roles: ['some-role'], PolicyDocument: document } },
      ByName: { Type: 'AWS::IAM::RolePolicy', Properties: { RoleName: { Ref: 'TaskRole' }, PolicyDocument: document } },
    };
    expect(judged(resources).map((p) => p.slice(0, p.indexOf(' read ')))).toEqual([
      'Inline lets Inline',
      'Managed lets Holder',
      'User lets AWS::IAM::User User',
      'Elsewhere lets role some-role',
      'ByName lets TaskRole',
    ]);
  });

  test('the database role reads it together with a role of the commit, or by a policy document this check cannot read', () => {
    const together = reading({ Ref: 'Master' }, 'secretsmanager:GetSecretValue', 'UsersRole');
    together.Properties.Roles.push({ Ref: 'TaskRole' });
    const unreadable = {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'TaskRole' }], PolicyDocument: { 'Fn::If': ['C', {}, {}] } },
    };
    expect(judged({ Together: together, Unreadable: unreadable }).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'Together lets TaskRole read the database master secret (Master)',
      'Unreadable lets TaskRole read secrets this check cannot tell (a policy document this check cannot read)',
    ]);
  });

  test("an execution role reads it (database.applicationUser: false) only while it is no task's role", () => {
    const master = reading({ Ref: 'MasterAttachment' }, 'secretsmanager:GetSecretValue', 'ExecutionRole');
    expect(judged({ ExecutionPolicy: master })).toEqual([]);
    const task = structuredClone(stack.Task);
    task.Properties.TaskRoleArn = { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] };
    expect(judged({ ExecutionPolicy: master, Task: task })).toEqual([
      expect.stringMatching(/^ExecutionPolicy lets ExecutionRole read the database master secret/),
    ]);
    // Reading any secret is no execution role's either.
    expect(judged({ ExecutionPolicy: reading('*', 'secretsmanager:GetSecretValue', 'ExecutionRole') })).toHaveLength(1);
  });

  test('a resource policy on the master secret', () => {
    const policy = {
      Type: 'AWS::SecretsManager::ResourcePolicy',
      Properties: { SecretId: { Ref: 'MasterAttachment' }, ResourcePolicy: { Statement: [] } },
    };
    expect(judged({ Policy: policy })).toEqual([
      expect.stringMatching(/^Policy is a resource policy on the database master secret/),
    ]);
  });
});

describe('(b) dynamic references to a master secret: only its own instance or cluster', () => {
  test.each([
    [
      'a container variable',
      {
        ContainerDefinitions: [
          { Name: 'app', Environment: [{ Name: 'P', Value: resolveSecret('Master', 'password') }] },
        ],
      },
    ],
    [
      'by the attachment',
      {
        ContainerDefinitions: [
          { Name: 'app', Environment: [{ Name: 'P', Value: resolveSecret('MasterAttachment', 'password') }] },
        ],
      },
    ],
    [
      'by its name',
      {
        ContainerDefinitions: [
          {
            Name: 'app',
            Environment: [
              { Name: 'P', Value: '{{resolve:secretsmanager:Master-AbCdEfGhIjKl:SecretString:password::}}' },
            ],
          },
        ],
      },
    ],
  ])('refuses one in %s', (_where, properties) => {
    expect(judged({ Task: { Type: 'AWS::ECS::TaskDefinition', Properties: properties } })).toEqual([
      expect.stringMatching(
        /^Task\.ContainerDefinitions holds \{\{resolve:secretsmanager:.*, a dynamic reference to the database master secret/,
      ),
    ]);
  });

  test("refuses one in another type's master user, and one this check cannot read", () => {
    const other = {
      Type: 'AWS::Redshift::Cluster',
      Properties: { MasterUserPassword: resolveSecret('Master', 'password') },
    };
    const unread = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Environment: {
          Variables: { P: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { 'Fn::ImportValue': 'x' }, '}}']] } },
        },
      },
    };
    expect(judged({ Other: other, Unread: unread }).map((p) => p.slice(0, p.indexOf(' holds ')))).toEqual([
      'Other.MasterUserPassword',
      'Unread.Environment',
    ]);
  });
});

test('(d) refuses a master secret with a name, which a literal ARN could reach before it exists', () => {
  const named = {
    Type: 'AWS::SecretsManager::Secret',
    Properties: { Name: 'shop-prod-master', GenerateSecretString: {} },
  };
  expect(judged({ Master: named })).toEqual([
    expect.stringMatching(/^Master is a database master secret named "shop-prod-master"/),
  ]);
});

test("refuses a policy that names another stack's master secret in an ARN", () => {
  const otherStack = reading(
    'arn:aws:secretsmanager:eu-west-1:333333333333:secret:DataDatabaseSecret56D68720-AbCdEfGhIjKl-x1Y2z3',
  );
  expect(judged({ Attacker: otherStack })).toEqual([]);
  expect(judged({ Attacker: otherStack }, ['DataDatabaseSecret56D68720'])).toEqual([
    expect.stringMatching(/^Attacker lets TaskRole read the database master secret \(DataDatabaseSecret56D68720\)/),
  ]);
});

describe('who may write a master secret or start its rotation: the database functions alone', () => {
  test.each([
    'secretsmanager:PutSecretValue',
    'secretsmanager:RotateSecret',
    'secretsmanager:UpdateSecretVersionStage',
  ])('%s by a task role is refused (rotation would set the password of a version it put)', (action) => {
    expect(judged({ Attacker: reading({ Ref: 'MasterAttachment' }, action) })).toEqual([
      expect.stringMatching(
        new RegExp(`^Attacker lets TaskRole ${action} on the database master secret \\(MasterAttachment\\): whoever`),
      ),
    ]);
  });

  test("the database functions' role may, and a write to the application's secret is not judged here", () => {
    expect(
      judged({ Rotation: reading({ Ref: 'MasterAttachment' }, 'secretsmanager:PutSecretValue', 'UsersRole') }),
    ).toEqual([]);
    expect(judged({ Own: reading({ Ref: 'AppAttachment' }, 'secretsmanager:PutSecretValue') })).toEqual([]);
  });
});
