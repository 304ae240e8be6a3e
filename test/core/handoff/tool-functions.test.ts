import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeToolFunctions } from '../../../core/handoff/tool-functions';
import { attachment, masterDatabase, resolveSecret, roleTrusting } from './master-database';

/** What the tool's schedules say besides their secret and function (pipeline/environment/data/rotation-schedule.ts). */
const ROTATION = { RotationRules: { ScheduleExpression: 'rate(30 days)' }, RotateImmediatelyOnUpdate: false };

// GIVEN the tool's bundles, CDK's provider framework (with the declarations CDK leaves out of its asset) and a
// candidate's asset directories, as files.
let work: string;
const dir = (...parts: string[]) => join(work, ...parts);
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tool-functions-'));
  write(dir('bundles', 'lifecycle-hook', 'index.js'), 'the hook');
  write(dir('bundles', 'integration-gate', 'index.js'), 'the gate');
  write(dir('bundles', 'listener-repoint', 'index.js'), 'the re-point');
  write(dir('bundles', 'database-users', 'index.js'), 'the users');
  write(dir('bundles', 'database-rotation', 'index.js'), 'the rotation');
  write(dir('bundles', 'cache-rotation', 'index.js'), 'the cache rotation');
  write(dir('framework', 'framework.js'), 'the framework');
  write(dir('framework', 'framework.d.ts'), 'declarations');
  write(dir('framework', '.is_custom_resource'), '');
  // The candidate's assets: a copy of each, and code of the commit's own.
  write(dir('assets', 'lifecycle-hook', 'index.js'), 'the hook');
  write(dir('assets', 'integration-gate', 'index.js'), 'the gate');
  write(dir('assets', 'listener-repoint', 'index.js'), 'the re-point');
  write(dir('assets', 'database-users', 'index.js'), 'the users');
  write(dir('assets', 'database-rotation', 'index.js'), 'the rotation');
  write(dir('assets', 'cache-rotation', 'index.js'), 'the cache rotation');
  write(dir('assets', 'framework', 'framework.js'), 'the framework');
  write(dir('assets', 'evil', 'index.js'), 'exports.handler = async () => send(process.env)');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const ASSETS = [
  'lifecycle-hook',
  'integration-gate',
  'listener-repoint',
  'database-users',
  'database-rotation',
  'cache-rotation',
];
/** Each function without a Role runs with a role of its own, as the tool's constructs make one per function. */
const withRoles = (resources: Record<string, unknown>) => {
  const all = { ...resources } as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  for (const [id, resource] of Object.entries(all))
    if (resource.Type === 'AWS::Lambda::Function' && resource.Properties?.Role === undefined) {
      all[id] = { ...resource, Properties: { ...resource.Properties, Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] } } };
      all[`${id}Role`] ??= roleTrusting('lambda.amazonaws.com');
    }
  return all;
};
const judged = (resources: Record<string, unknown>) =>
  judgeToolFunctions(
    withRoles(resources) as never,
    {
      assetSources: new Map(
        [...ASSETS, 'framework', 'evil', 'elsewhere'].map((name) => [`b/${name}.zip`, dir('assets', name)]),
      ),
    },
    { bundleDir: (name) => dir('bundles', name), frameworkDir: dir('framework') },
  );

/** A function as the tool's constructs deploy it, running the asset `asset`. */
const fn = (FunctionName: string | undefined, asset: string, more: Record<string, unknown> = {}) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    ...(FunctionName === undefined ? {} : { FunctionName }),
    Code: { S3Bucket: 'b', S3Key: `${asset}.zip` },
    Handler: 'index.handler',
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    ...more,
  },
});
// A database whose master secret the users function's role reads, served through CDK's provider framework.
const database = {
  ...masterDatabase,
  UsersRole: roleTrusting('lambda.amazonaws.com'),
  UsersPolicy: {
    Type: 'AWS::IAM::Policy',
    Properties: {
      Roles: [{ Ref: 'UsersRole' }],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'Master' } }],
      },
    },
  },
  Users: fn('shop-prod-database-users', 'database-users', { Role: { 'Fn::GetAtt': ['UsersRole', 'Arn'] } }),
  FrameworkRole: roleTrusting('lambda.amazonaws.com'),
  FrameworkPolicy: {
    Type: 'AWS::IAM::Policy',
    Properties: {
      Roles: [{ Ref: 'FrameworkRole' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [
              { 'Fn::GetAtt': ['Users', 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Users', 'Arn'] }, ':*']] },
            ],
          },
        ],
      },
    },
  },
  Framework: {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Role: { 'Fn::GetAtt': ['FrameworkRole', 'Arn'] },
      Code: { S3Bucket: 'b', S3Key: 'framework.zip' },
      Handler: 'framework.onEvent',
      Runtime: 'nodejs22.x',
      Environment: { Variables: { USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': ['Users', 'Arn'] } } },
    },
  },
  Resource: { Type: 'Custom::DatabaseUsers', Properties: { ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] } } },
};
const withUsers = (change: (users: Record<string, unknown>) => void) => {
  const resources = structuredClone(database) as Record<string, { Properties: Record<string, unknown> }>;
  change(resources.Users.Properties);
  return resources;
};

describe('by name, as before', () => {
  test("admits hooks and the re-point function that run the tool's own bundles, and leaves other functions to the rest of Verify", () => {
    expect(
      judged({
        Hook: fn('CodeDeployHook_shop-prod', 'lifecycle-hook', {
          Environment: { Variables: { TARGET_URL: 'x', CHECKS: '[]' } },
        }),
        Gate: fn('CodeDeployHook_shop-prod-gate', 'integration-gate', {
          Environment: { Variables: { PROJECT_NAME: 'p' } },
        }),
        Repoint: fn('shop-prod-listener-repoint', 'listener-repoint', {
          Environment: { Variables: { REPOINTED_SERVICES: '[]' } },
        }),
        App: fn('shop-prod-thumbnails', 'evil', { Runtime: 'python3.13' }),
      }).problems,
    ).toEqual([]);
  });

  test('refuses a hook whose code is not the bundle (one that always reports success), or has a file more', () => {
    write(dir('assets', 'lifecycle-hook', 'extra.js'), 'more');
    const problems = judged({
      Hook: fn('CodeDeployHook_shop-prod', 'evil'),
      Other: fn('CodeDeployHook_shop-prod-smoke', 'lifecycle-hook'),
    }).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      "Hook (CodeDeployHook_shop-prod) runs code that is not this tool's lifecycle-hook or integration-gate handler: a " +
        "protected deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the release " +
        'stack with that version first, then hand the candidate off again',
    );
  });

  test('refuses a hook named with Fn::Join or Fn::Sub that runs other code', () => {
    const problems = judged({
      Joined: fn(undefined, 'evil', {
        FunctionName: { 'Fn::Join': ['', ['CodeDeployHook_', { Ref: 'AWS::StackName' }]] },
      }),
      Sub: fn(undefined, 'evil', { FunctionName: { 'Fn::Sub': '${AWS::StackName}-listener-repoint' } }),
    }).problems;
    expect(problems.map((p) => p.slice(0, p.indexOf(')') + 1))).toEqual([
      'Joined (CodeDeployHook_${AWS::StackName})',
      'Sub (${AWS::StackName}-listener-repoint)',
    ]);
  });

  test('refuses a hook whose code the candidate does not publish', () => {
    expect(judged({ Hook: fn('CodeDeployHook_shop-prod', 'nowhere') }).problems).toHaveLength(1);
  });

  test.each(['database-users', 'database-rotation'])(
    "admits the %s function running the tool's bundle and refuses it running other code",
    (handler) => {
      expect(judged({ Db: fn(`shop-prod-${handler}`, handler) }).problems).toEqual([]);
      expect(judged({ Db: fn(`shop-prod-${handler}`, 'evil') }).problems).toEqual([
        expect.stringContaining(`runs code that is not this tool's ${handler} handler`),
      ]);
    },
  );
});

describe('by what it does, whatever its name', () => {
  test("admits the database functions as the tool deploys them, and names their roles Verify's checks admit", () => {
    const schedule = {
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: {
        ...ROTATION,
        SecretId: { Ref: 'Master' },
        RotationLambdaARN: { 'Fn::GetAtt': ['Rotation', 'Arn'] },
      },
    };
    const judgement = judged({
      ...database,
      Rotation: fn('shop-prod-database-rotation', 'database-rotation'),
      Schedule: schedule,
    });
    expect(judgement.problems).toEqual([]);
    expect([...judgement.databaseRoles].sort()).toEqual(['RotationRole', 'UsersRole']);
  });

  test.each([
    ['renamed', (users: Record<string, unknown>) => (users.FunctionName = 'shop-prod-db-users')],
    ['unnamed', (users: Record<string, unknown>) => delete users.FunctionName],
  ])(
    'refuses the function a Custom::DatabaseUsers runs, %s, running other code (its role reads the master secret)',
    (_how, rename) => {
      const judgement = judged(
        withUsers((users) => {
          rename(users);
          users.Code = { S3Bucket: 'b', S3Key: 'evil.zip' };
        }),
      );
      expect(judgement.problems).toEqual([
        "Users (the function Resource runs; its role UsersRole may read secrets) runs code that is not this tool's " +
          "database-users handler: a protected deployment's hooks run the release stack's tool; if a newer tool " +
          'version made it, deploy the release stack with that version first, then hand the candidate off again',
      ]);
      expect(judgement.databaseRoles.size).toBe(0);
    },
  );

  test('refuses a renamed rotation function running other code, found by its schedule', () => {
    const problems = judged({
      Rotator: fn('shop-prod-rotator', 'evil'),
      Schedule: {
        Type: 'AWS::SecretsManager::RotationSchedule',
        Properties: { ...ROTATION, RotationLambdaARN: { Ref: 'Rotator' } },
      },
    }).problems;
    // A secret neither a database's nor an ElastiCache user's password: either rotation handler, by its bytes.
    expect(problems).toEqual([
      expect.stringMatching(
        /^Rotator \(the rotation function of Schedule\) runs code that is not this tool's database-rotation or cache-rotation handler/,
      ),
    ]);
  });

  test('refuses any function whose role may read a master secret unless it is a database function', () => {
    const resources = {
      ...database,
      Planted: fn(undefined, 'lifecycle-hook', { Role: { 'Fn::GetAtt': ['UsersRole', 'Arn'] } }),
    };
    expect(judged(resources).problems).toEqual([
      expect.stringMatching(
        /^Planted \(its role UsersRole may read secrets\) runs code that is not this tool's database-users or database-rotation handler/,
      ),
    ]);
  });

  test("refuses a function the tool's name makes one function and what it does another", () => {
    const resources = {
      Hook: fn('CodeDeployHook_shop-prod', 'lifecycle-hook'),
      Schedule: {
        Type: 'AWS::SecretsManager::RotationSchedule',
        Properties: { ...ROTATION, RotationLambdaARN: { Ref: 'Hook' } },
      },
    };
    expect(judged(resources).problems).toEqual([
      "Hook (CodeDeployHook_shop-prod; the rotation function of Schedule) would have to be more than one of the tool's functions: no function is",
    ]);
  });

  test('refuses a rotation schedule whose function is not one of the template, or hosted by AWS', () => {
    const schedule = (properties: Record<string, unknown>) => ({
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: { ...ROTATION, SecretId: { Ref: 'Master' }, ...properties },
    });
    const problems = judged({
      Foreign: schedule({ RotationLambdaARN: 'arn:aws:lambda:eu-west-1:999999999999:function:collector' }),
      Hosted: schedule({ HostedRotationLambda: { RotationType: 'MySQLSingleUser' } }),
      NotAFunction: schedule({ RotationLambdaARN: { 'Fn::GetAtt': ['Master', 'Arn'] } }),
    }).problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^Foreign rotates its secret with "arn:aws:lambda:eu-west-1:999999999999:function:collector", not a function of this template/,
      ),
      expect.stringMatching(/^Hosted rotates its secret with \{"RotationType":"MySQLSingleUser"\}/),
      expect.stringMatching(/^NotAFunction rotates its secret with/),
    ]);
  });

  test("refuses a Custom::DatabaseUsers served by anything but CDK's provider framework calling a function of the template", () => {
    const served = (change: (resources: Record<string, { Properties: Record<string, unknown> }>) => void) => {
      const resources = structuredClone(database) as Record<string, { Properties: Record<string, unknown> }>;
      change(resources);
      return judged(resources).problems.filter((p) => p.startsWith('Resource '));
    };
    // The application's own function, straight.
    expect(served((r) => (r.Resource.Properties.ServiceToken = { 'Fn::GetAtt': ['Users', 'Arn'] }))).toEqual([
      expect.stringMatching(
        /^Resource is served by \{"Fn::GetAtt":\["Users","Arn"\]\}, not by CDK's provider framework of this template calling a function of it: Users has Handler "index.handler"/,
      ),
      expect.stringMatching(/^Resource \(Custom::DatabaseUsers\) names Users, which only CloudFormation/),
    ]);
    expect(
      served((r) => (r.Resource.Properties.ServiceToken = 'arn:aws:lambda:eu-west-1:999999999999:function:x')),
    ).toHaveLength(1);
    // The framework's code changed (a file more), or a variable more, or calling a function outside the template.
    write(dir('assets', 'framework', 'extra.js'), 'more');
    expect(served(() => undefined)).toEqual([
      expect.stringContaining("Framework has code that is not CDK's provider framework"),
    ]);
    rmSync(dir('assets', 'framework', 'extra.js'));
    expect(served(() => undefined)).toEqual([]);
    expect(
      served(
        (r) =>
          ((r.Framework.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS =
            '--require x'),
      ),
    ).toEqual([expect.stringContaining('Framework has the variables USER_ON_EVENT_FUNCTION_ARN, NODE_OPTIONS')]);
    expect(
      served(
        (r) =>
          ((
            r.Framework.Properties.Environment as { Variables: Record<string, unknown> }
          ).Variables.USER_ON_EVENT_FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:1:function:x'),
      ),
    ).toEqual([
      expect.stringContaining('Framework has USER_ON_EVENT_FUNCTION_ARN "arn:aws:lambda:eu-west-1:1:function:x"'),
    ]);
  });
});

describe('deployed as the tool deploys it', () => {
  test.each([
    [
      'NODE_OPTIONS',
      { Environment: { Variables: { NODE_OPTIONS: '--import=data:text/javascript,0' } } },
      'the variables NODE_OPTIONS',
    ],
    [
      'an exec wrapper and a layer',
      { Layers: [{ Ref: 'Layer' }], Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/w' } } },
      'Layers [{"Ref":"Layer"}], the variables AWS_LAMBDA_EXEC_WRAPPER',
    ],
    [
      'NODE_EXTRA_CA_CERTS',
      { Environment: { Variables: { NODE_EXTRA_CA_CERTS: '/tmp/ca.pem' } } },
      'the variables NODE_EXTRA_CA_CERTS',
    ],
    ['a custom runtime', { Runtime: 'provided.al2023' }, 'Runtime "provided.al2023"'],
    ['another handler', { Handler: 'other.handler' }, 'Handler "other.handler"'],
    ['another architecture', { Architectures: ['x86_64'] }, 'Architectures ["x86_64"]'],
    ['a file system', { FileSystemConfigs: [{ Arn: 'a', LocalMountPath: '/mnt/x' }] }, 'FileSystemConfigs'],
    [
      'an older version of its object',
      { Code: { S3Bucket: 'b', S3Key: 'database-users.zip', S3ObjectVersion: 'v1' } },
      'Code.S3ObjectVersion',
    ],
    [
      'variables it cannot read',
      { Environment: { Variables: { 'Fn::If': ['C', { A: 'x' }, { B: 'y' }] } } },
      'an Environment this check cannot read',
    ],
  ])("refuses the database-users function's bundle with %s", (_what, change, found) => {
    expect(judged(withUsers((users) => Object.assign(users, change))).problems).toEqual([
      `Users (shop-prod-database-users; the function Resource runs; its role UsersRole may read secrets) runs this ` +
        `tool's database-users handler with ${found}: the tool deploys it as index.handler on nodejs24.x (arm64), ` +
        'with its code only and the variables none',
    ]);
  });

  test('admits a hook with the variables its construct sets and its handler reads, and refuses any other', () => {
    const hook = (Variables: Record<string, string>) =>
      judged({ Hook: fn('CodeDeployHook_shop-prod', 'lifecycle-hook', { Environment: { Variables } }) }).problems;
    expect(hook({ TARGET_URL: 'x', CHECKS: '[]', HOOK_BUDGET_MS: '1000', HOOK_EVENTS: 'AfterAllowTraffic' })).toEqual(
      [],
    );
    expect(hook({ TARGET_URL: 'x', LD_PRELOAD: '/tmp/x.so' })).toEqual([
      expect.stringContaining("runs this tool's lifecycle-hook handler with the variables TARGET_URL, LD_PRELOAD"),
    ]);
    expect(hook({ AWS_ENDPOINT_URL_CODEDEPLOY: 'https://example.com' })).toHaveLength(1);
    expect(hook({ _HANDLER: 'x.y' })).toHaveLength(1);
  });
});

/** The database with the rotation function, its schedule of the master secret, and Secrets Manager's `permission`. */
const rotation = (permission: Record<string, unknown>, target = 'Rotation') => ({
  ...database,
  Rotation: fn('shop-prod-database-rotation', 'database-rotation'),
  Schedule: {
    Type: 'AWS::SecretsManager::RotationSchedule',
    Properties: { ...ROTATION, SecretId: { Ref: 'Master' }, RotationLambdaARN: { 'Fn::GetAtt': ['Rotation', 'Arn'] } },
  },
  Invoke: {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [target, 'Arn'] },
      Principal: 'secretsmanager.amazonaws.com',
      ...permission,
    },
  },
});

describe('called by CloudFormation and Secrets Manager only', () => {
  const invoking = (Resource: unknown) => ({
    Type: 'AWS::IAM::Policy',
    Properties: {
      Roles: [{ Ref: 'TaskRole' }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource }] },
    },
  });
  const callers = (resources: Record<string, unknown>) =>
    judged({ ...database, TaskRole: roleTrusting('ecs-tasks.amazonaws.com'), ...resources }).problems;

  test("admits the framework's role invoking the users function, and Secrets Manager's permission on the rotation function", () => {
    const retries = { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: { Ref: 'Rotation' } } };
    const admitted = rotation({ SourceAccount: '333333333333', SourceArn: { Ref: 'Master' } });
    expect(callers({ ...admitted, Retries: retries })).toEqual([]);
  });

  test.each([
    ['by its ARN', { 'Fn::GetAtt': ['Users', 'Arn'] }, 'Users.Arn'],
    [
      'by its name',
      'arn:aws:lambda:eu-west-1:333333333333:function:shop-prod-database-users',
      'shop-prod-database-users',
    ],
    ['by a wildcard', 'arn:aws:lambda:eu-west-1:333333333333:function:shop-prod-*', 'shop-prod-*'],
    ['its framework', { 'Fn::GetAtt': ['Framework', 'Arn'] }, 'Framework.Arn'],
  ])(
    "refuses a task role that may invoke the users function %s (an event of the task's own)",
    (_how, resource, shown) => {
      expect(callers({ Invoker: invoking(resource) })).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Invoker lets TaskRole invoke .*${shown.replace(/[.*]/g, '\\$&')}.*, which reaches the tool's database or cache rotation functions`,
          ),
        ),
      ]);
    },
  );

  test('refuses an event rule that names the users function by an ARN split across Fn::Join pieces', () => {
    const arn = {
      'Fn::Join': ['', ['arn:aws:lambda:eu-west-1:333333333333:function:shop-prod-', 'database-users']],
    };
    expect(callers({ Rule: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'x', Arn: arn }] } } })).toEqual([
      expect.stringMatching(/^Rule \(AWS::Events::Rule\) names Users, which only CloudFormation/),
    ]);
  });

  test('refuses any other resource that calls them: an event rule, a permission for another service, a custom resource of another type', () => {
    const problems = callers({
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Targets: [{ Id: 'x', Arn: { 'Fn::GetAtt': ['Users', 'Arn'] }, Input: '{"RequestType":"Create"}' }],
        },
      },
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: { FunctionName: { Ref: 'Users' }, Principal: 'events.amazonaws.com' },
      },
      Other: {
        Type: 'Custom::Other',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] }, DatabaseName: 'mysql' },
      },
    });
    expect(problems.map((p) => p.slice(0, p.indexOf(', which')))).toEqual([
      'Rule (AWS::Events::Rule) names Users',
      'Permission (AWS::Lambda::Permission) names Users',
      'Other (Custom::Other) names Framework',
    ]);
  });
});

describe("a function's Role, however it is written", () => {
  const arnOf = (role: string) => ({
    'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${' + role + '}',
  });
  test.each([
    ['Fn::Sub', arnOf('UsersRole')],
    ['Fn::Join', { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/', { Ref: 'UsersRole' }]] }],
    ['Fn::If', { 'Fn::If': ['Always', { 'Fn::GetAtt': ['UsersRole', 'Arn'] }, { Ref: 'AWS::NoValue' }] }],
    ['Fn::Select', { 'Fn::Select': [0, [{ 'Fn::GetAtt': ['UsersRole', 'Arn'] }]] }],
  ])(
    'refuses a function of its own code whose Role names the users role with %s (it would read the master password)',
    (_how, Role) => {
      const problems = judged({ ...database, Exfil: fn(undefined, 'evil', { Role }) }).problems;
      expect(problems).toContainEqual(
        expect.stringMatching(
          /^Exfil \(its role UsersRole may read secrets\) runs code that is not this tool's database-users or database-rotation handler/,
        ),
      );
    },
  );

  test('refuses a function whose Role names the users role by its literal ARN (the role given a RoleName)', () => {
    const resources = structuredClone(database) as Record<string, { Properties: Record<string, unknown> }>;
    resources.UsersRole.Properties.RoleName = 'shop-prod-users';
    const problems = judged({
      ...resources,
      Exfil: fn(undefined, 'evil', { Role: 'arn:aws:iam::333333333333:role/shop-prod-users' }),
    }).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^Exfil \(its role UsersRole may read secrets\) runs code that is not/),
    ]);
  });

  test("refuses a function of its own code that runs with the rotation function's role, whatever that role reads", () => {
    const problems = judged({
      Rotation: fn('shop-prod-database-rotation', 'database-rotation', {
        Role: { 'Fn::GetAtt': ['RotationRole', 'Arn'] },
      }),
      RotationRole: roleTrusting('lambda.amazonaws.com'),
      Exfil: fn(undefined, 'evil', { Role: arnOf('RotationRole') }),
    }).problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^Exfil \(its role RotationRole is that of Rotation\) runs code that is not this tool's database-rotation handler/,
      ),
    ]);
  });

  test.each([
    ['a parameter', { Ref: 'RoleArn' }],
    ['a role outside the template', 'arn:aws:iam::333333333333:role/elsewhere'],
    ['two roles', { 'Fn::If': ['C', { 'Fn::GetAtt': ['ARole', 'Arn'] }, { 'Fn::GetAtt': ['BRole', 'Arn'] }] }],
    ['an import', { 'Fn::ImportValue': 'role-arn' }],
  ])('refuses a function whose Role is not exactly one role of the template: %s', (_what, Role) => {
    const problems = judged({
      ARole: roleTrusting('lambda.amazonaws.com'),
      BRole: roleTrusting('lambda.amazonaws.com'),
      App: fn('shop-prod-thumbnails', 'evil', { Role }),
    }).problems;
    expect(problems).toEqual([
      `App runs with the Role ${JSON.stringify(Role)}, which is not exactly one role of this template: a protected ` +
        "template's functions run with a role it makes, named by { Ref } or { Fn::GetAtt: [role, 'Arn'] }",
    ]);
  });

  test('admits an application function whose Role names its own role with Fn::Sub', () => {
    expect(
      judged({ AppRole: roleTrusting('lambda.amazonaws.com'), App: fn('app', 'evil', { Role: arnOf('AppRole') }) })
        .problems,
    ).toEqual([]);
  });
});

describe("the tool's functions have only the properties its constructs write", () => {
  test.each([
    [
      'RuntimeManagementConfig',
      { UpdateRuntimeOn: 'Manual', RuntimeVersionArn: 'arn:aws:lambda:eu-west-1::runtime:0' },
    ],
    ['SnapStart', { ApplyOn: 'PublishedVersions' }],
    ['EphemeralStorage', { Size: 10240 }],
    ['KmsKeyArn', 'arn:aws:kms:eu-west-1:999999999999:key/x'],
    ['TracingConfig', { Mode: 'Active' }],
    ['DeadLetterConfig', { TargetArn: 'arn:aws:sqs:eu-west-1:999999999999:q' }],
    ['ImageConfig', { Command: ['x'] }],
  ])('refuses the users function with %s', (property, value) => {
    expect(judged(withUsers((users) => (users[property] = value))).problems).toEqual([
      expect.stringContaining(`runs this tool's database-users handler with the properties ${property}:`),
    ]);
  });

  test('refuses other parts of its logging and VPC configuration, and another memory size; admits those it writes', () => {
    const admitted = withUsers((users) =>
      Object.assign(users, {
        FunctionName: 'shop-prod-database-users',
        MemorySize: 256,
        Timeout: 120,
        LoggingConfig: { LogGroup: { Ref: 'Logs' } },
        VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }], SubnetIds: [{ Ref: 'Subnet' }] },
      }),
    );
    expect(judged(admitted).problems).toEqual([]);
    const changed = structuredClone(admitted);
    Object.assign(changed.Users.Properties, {
      MemorySize: 10240,
      LoggingConfig: { LogGroup: { Ref: 'Logs' }, ApplicationLogLevel: 'TRACE' },
      VpcConfig: { SubnetIds: [], Ipv6AllowedForDualStack: true },
    });
    expect(judged(changed).problems).toEqual([
      expect.stringContaining(
        'with MemorySize 10240, the properties LoggingConfig.ApplicationLogLevel, VpcConfig.Ipv6AllowedForDualStack:',
      ),
    ]);
  });

  test('refuses the provider framework with a property CDK does not write', () => {
    const resources = structuredClone(database) as Record<string, { Properties: Record<string, unknown> }>;
    resources.Framework.Properties.RuntimeManagementConfig = { UpdateRuntimeOn: 'Manual' };
    // It is then no framework of the users function, which nothing else may name or invoke.
    expect(judged(resources).problems).toContainEqual(
      expect.stringContaining(
        "Framework has the properties RuntimeManagementConfig, which CDK's Provider does not write",
      ),
    );
  });
});

describe('Secrets Manager invokes the rotation function only for the secrets it rotates', () => {
  const refusal = expect.stringMatching(/^Invoke \(AWS::Lambda::Permission\) names (Rotation|Users), which only/);

  test('admits a permission whose SourceArn is a secret a schedule rotates with it', () => {
    expect(judged(rotation({ SourceAccount: '333333333333', SourceArn: { Ref: 'Master' } })).problems).toEqual([]);
  });

  test.each([
    ['with SourceAccount only', { SourceAccount: '333333333333' }, 'Rotation'],
    ['with no source', {}, 'Rotation'],
    [
      'for a secret no schedule rotates with it',
      { SourceArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
      'Rotation',
    ],
    ['on the users function, even with the rotated secret', { SourceArn: { Ref: 'Master' } }, 'Users'],
    ['on the users function with SourceAccount only', { SourceAccount: '333333333333' }, 'Users'],
  ])('refuses a Secrets Manager permission %s', (_how, permission, target) => {
    expect(judged(rotation(permission, target)).problems).toEqual([refusal]);
  });
});

/**
 * The cache's token as the tool's constructs write it (pipeline/environment/data/cache-rotation.ts): the password of
 * the user group's default user, rotated by the cache-rotation function outside the VPC, which Secrets Manager alone
 * invokes for that secret.
 */
const cache = {
  Token: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { PasswordLength: 64 } } },
  DefaultUser: {
    Type: 'AWS::ElastiCache::User',
    Properties: {
      UserId: 'shop-prod-default',
      UserName: 'default',
      Engine: 'valkey',
      AccessString: 'on ~* &* +@all',
      Passwords: [resolveSecret('Token', '')],
    },
  },
  UserGroup: {
    Type: 'AWS::ElastiCache::UserGroup',
    Properties: { UserGroupId: 'shop-prod', Engine: 'valkey', UserIds: ['shop-prod-default'] },
  },
  CacheRotation: fn('shop-prod-cache-rotation', 'cache-rotation', {
    Environment: { Variables: { CACHE_USER_ID: 'shop-prod-default' } },
    MemorySize: 256,
    Timeout: 300,
    LoggingConfig: { LogGroup: { Ref: 'CacheRotationLogs' } },
  }),
  CacheInvoke: {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['CacheRotation', 'Arn'] },
      Principal: 'secretsmanager.amazonaws.com',
      SourceAccount: '333333333333',
      SourceArn: { Ref: 'Token' },
    },
  },
  CacheSchedule: {
    Type: 'AWS::SecretsManager::RotationSchedule',
    Properties: {
      ...ROTATION,
      SecretId: { Ref: 'Token' },
      RotationLambdaARN: { 'Fn::GetAtt': ['CacheRotation', 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    },
  },
};
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** The cache's resources, changed by `change`. */
const cacheWith = (change: (resources: Resources) => void, more: Record<string, unknown> = {}) => {
  const resources = structuredClone({ ...cache, ...more }) as Resources;
  change(resources);
  return resources;
};
const variables = (resources: Resources, Variables: Record<string, unknown>) =>
  (resources.CacheRotation.Properties.Environment = { Variables });
const schedule = (SecretId: unknown, target = 'CacheRotation') => ({
  Type: 'AWS::SecretsManager::RotationSchedule',
  Properties: { ...ROTATION, SecretId, RotationLambdaARN: { 'Fn::GetAtt': [target, 'Arn'] } },
});

describe("the cache token's rotation function", () => {
  test('admits it as the tool deploys it, beside the database, and leaves its role out of the database roles', () => {
    expect(judged(cache).problems).toEqual([]);
    const both = judged({
      ...database,
      Rotation: fn('shop-prod-database-rotation', 'database-rotation'),
      Schedule: schedule({ Ref: 'Master' }, 'Rotation'),
      ...cache,
    });
    expect(both.problems).toEqual([]);
    expect([...both.databaseRoles].sort()).toEqual(['RotationRole', 'UsersRole']);
  });

  test('refuses a function named as the cache rotation function that runs other code', () => {
    expect(
      judged(cacheWith((r) => (r.CacheRotation.Properties.Code = { S3Bucket: 'b', S3Key: 'evil.zip' }))).problems,
    ).toEqual([
      "CacheRotation (shop-prod-cache-rotation; the rotation function of CacheSchedule, an ElastiCache user's " +
        "password) runs code that is not this tool's cache-rotation handler: a protected deployment's hooks run " +
        "the release stack's tool; if a newer tool version made it, deploy the release stack with that version " +
        'first, then hand the candidate off again',
    ]);
  });

  test("refuses a renamed function rotating an ElastiCache user's password with other code, found by its schedule", () => {
    const problems = judged(
      cacheWith((r) => {
        r.CacheRotation.Properties.FunctionName = 'shop-prod-token';
        r.CacheRotation.Properties.Code = { S3Bucket: 'b', S3Key: 'evil.zip' };
      }),
    ).problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^CacheRotation \(the rotation function of CacheSchedule, an ElastiCache user's password\) runs code that is not this tool's cache-rotation handler/,
      ),
    ]);
  });

  test("refuses the database rotation bundle rotating an ElastiCache user's password", () => {
    const problems = judged(
      cacheWith((r) => {
        delete r.CacheRotation.Properties.FunctionName;
        r.CacheRotation.Properties.Code = { S3Bucket: 'b', S3Key: 'database-rotation.zip' };
        delete r.CacheRotation.Properties.Environment;
      }),
    ).problems;
    expect(problems).toEqual([expect.stringContaining("runs code that is not this tool's cache-rotation handler")]);
  });

  test.each([
    ['the master secret', { Ref: 'Master' }],
    ["the master secret's attachment", { Ref: 'MasterAttachment' }],
    ["the application user's secret, by its attachment to the instance", { Ref: 'AppAttachment' }],
  ])('refuses the cache rotation bundle rotating a database secret: %s', (_what, SecretId) => {
    const problems = judged({
      ...database,
      App: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
      AppAttachment: attachment('App'),
      Rotator: fn(undefined, 'cache-rotation', { Environment: { Variables: { CACHE_USER_ID: 'shop-prod-default' } } }),
      Schedule: schedule(SecretId, 'Rotator'),
    }).problems;
    expect(problems).toEqual([
      "Rotator (the rotation function of Schedule) runs code that is not this tool's database-rotation handler: a " +
        "protected deployment's hooks run the release stack's tool; if a newer tool version made it, deploy the " +
        'release stack with that version first, then hand the candidate off again',
    ]);
  });

  test("refuses any function rotating a secret that is both a database's and an ElastiCache user's password", () => {
    const problems = judged({
      ...database,
      ...cacheWith((r) => {
        r.DefaultUser.Properties.Passwords = [resolveSecret('Master', 'password')];
        r.CacheSchedule.Properties.SecretId = { Ref: 'Master' };
      }),
    }).problems;
    expect(problems).toContainEqual(
      'CacheRotation (shop-prod-cache-rotation; the rotation function of CacheSchedule; the rotation function of ' +
        "CacheSchedule, an ElastiCache user's password) would have to be more than one of the tool's functions: no " +
        'function is',
    );
  });

  test("admits the database rotation bundle on a secret neither a database's nor a user's password, as before", () => {
    const other = { Type: 'AWS::SecretsManager::Secret', Properties: {} };
    expect(
      judged({
        Other: other,
        Rotator: fn(undefined, 'database-rotation'),
        Schedule: schedule({ Ref: 'Other' }, 'Rotator'),
      }).problems,
    ).toEqual([]);
  });

  test("refuses a planted function that runs with the cache rotation function's role", () => {
    const planted = judged({
      ...cache,
      CacheRotationRole: roleTrusting('lambda.amazonaws.com'),
      Planted: fn(undefined, 'evil', { Role: { 'Fn::GetAtt': ['CacheRotationRole', 'Arn'] } }),
    }).problems;
    expect(planted).toEqual([
      expect.stringMatching(
        /^Planted \(its role CacheRotationRole is that of CacheRotation\) runs code that is not this tool's cache-rotation handler/,
      ),
    ]);
    // The tool's bundle there too, for the same user: no schedule rotates a secret with it.
    const copied = judged({
      ...cache,
      CacheRotationRole: roleTrusting('lambda.amazonaws.com'),
      Copy: fn(undefined, 'cache-rotation', {
        Role: { 'Fn::GetAtt': ['CacheRotationRole', 'Arn'] },
        Environment: { Variables: { CACHE_USER_ID: 'shop-prod-default' } },
      }),
    }).problems;
    expect(copied).toEqual([
      expect.stringMatching(/^Copy .*; no rotation schedule of this template rotates a secret with it$/),
    ]);
  });

  test('refuses its bundle with a variable more: its only variable is CACHE_USER_ID', () => {
    const problems = judged(
      cacheWith((r) => variables(r, { CACHE_USER_ID: 'shop-prod-default', NODE_OPTIONS: '--require /tmp/x.js' })),
    ).problems;
    expect(problems).toEqual([
      "CacheRotation (shop-prod-cache-rotation; the rotation function of CacheSchedule, an ElastiCache user's " +
        "password) runs this tool's cache-rotation handler with the variables CACHE_USER_ID, NODE_OPTIONS: the tool " +
        'deploys it as index.handler on nodejs24.x (arm64), with its code only and the variables CACHE_USER_ID',
    ]);
  });
});

describe("the cache rotation function changes only the password its schedule's secret already is", () => {
  const admin = {
    Admin: {
      Type: 'AWS::ElastiCache::User',
      Properties: { UserId: 'shop-prod-admin', UserName: 'admin', Engine: 'valkey', Passwords: ['a-password-of-16+'] },
    },
    Other: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
  };

  test("refuses another user's id, naming the value and the user it must be", () => {
    const problems = judged(cacheWith((r) => variables(r, { CACHE_USER_ID: 'shop-prod-admin' }), admin)).problems;
    expect(problems).toEqual([
      "CacheRotation (shop-prod-cache-rotation; the rotation function of CacheSchedule, an ElastiCache user's " +
        `password) runs this tool's cache-rotation handler with CACHE_USER_ID "shop-prod-admin": the user whose ` +
        'passwords it changes must be the ElastiCache user of this template whose passwords are exactly the ' +
        'secrets its rotation schedules rotate; that is "shop-prod-default" (passwords Token, what CacheSchedule ' +
        'rotates)',
    ]);
  });

  test.each<[string, (r: Resources) => void, string]>([
    ['no CACHE_USER_ID', (r) => variables(r, {}), 'null: .*; that is "shop-prod-default"'],
    [
      'a CACHE_USER_ID read from a parameter',
      (r) => variables(r, { CACHE_USER_ID: { Ref: 'UserIdParameter' } }),
      '\\{"Ref":"UserIdParameter"\\}: .*; that is "shop-prod-default"',
    ],
    [
      "a user whose passwords are the token and one the commit wrote (it would drop the commit's)",
      (r) => (r.DefaultUser.Properties.Passwords as unknown[]).push('a-password-of-16+'),
      '"shop-prod-default": .*; no ElastiCache user of this template has exactly the passwords Token \\(what CacheSchedule rotates\\)',
    ],
    [
      'a user whose password is another secret than the one its schedule rotates',
      (r) => (r.DefaultUser.Properties.Passwords = [resolveSecret('Other', '')]),
      '"shop-prod-default": .*; no ElastiCache user of this template has exactly the passwords Token',
    ],
    [
      'a second schedule rotating another secret with it',
      (r) => (r.OtherSchedule = schedule({ Ref: 'Other' }) as never),
      '"shop-prod-default": .*; no ElastiCache user of this template has exactly the passwords Other, Token \\(what CacheSchedule, OtherSchedule rotates\\)',
    ],
    [
      'a schedule naming its secret by a literal ARN',
      (r) =>
        (r.CacheSchedule.Properties.SecretId = 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:Token-abcdef'),
      '"shop-prod-default": .*; CacheSchedule rotates a secret this check cannot tie to a secret of this template',
    ],
    [
      'no schedule',
      (r) => delete (r as Record<string, unknown>).CacheSchedule,
      '"shop-prod-default": .*; no rotation schedule of this template rotates a secret with it',
    ],
  ])('refuses %s', (_what, change, found) => {
    // Without its schedule's secret, Secrets Manager's permission is refused on its own (the callers' tests below).
    const problems = judged(cacheWith(change, admin)).problems.filter((p) => !p.startsWith('CacheInvoke '));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^CacheRotation \\(shop-prod-cache-rotation[^)]*\\) runs this tool's cache-rotation handler with CACHE_USER_ID ${found}`,
        ),
      ),
    ]);
  });

  test('refuses a task role that may invoke it, and a Secrets Manager permission for any secret of the account', () => {
    const problems = judged(
      cacheWith(
        (r) => {
          r.CacheInvoke.Properties.SourceArn = undefined;
        },
        {
          TaskRole: roleTrusting('ecs-tasks.amazonaws.com'),
          Invoker: {
            Type: 'AWS::IAM::Policy',
            Properties: {
              Roles: [{ Ref: 'TaskRole' }],
              PolicyDocument: {
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 'lambda:InvokeFunction',
                    Resource: { 'Fn::GetAtt': ['CacheRotation', 'Arn'] },
                  },
                ],
              },
            },
          },
        },
      ),
    ).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^CacheInvoke \(AWS::Lambda::Permission\) names CacheRotation, which only CloudFormation/),
      expect.stringMatching(
        /^Invoker lets TaskRole invoke \$\{CacheRotation\.Arn\}, which reaches the tool's database or cache rotation functions/,
      ),
    ]);
  });

  test('refuses its role when something besides Lambda may assume it (a task role of the stack)', () => {
    const resources = withRoles(cache) as Record<string, { Properties: Record<string, unknown> }>;
    resources.CacheRotationRole = structuredClone(resources.CacheRotationRole);
    const trust = resources.CacheRotationRole.Properties.AssumeRolePolicyDocument as { Statement: unknown[] };
    trust.Statement.push({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } },
      Action: 'sts:AssumeRole',
    });
    expect(judged(resources).problems).toEqual([
      expect.stringMatching(
        /^CacheRotation \(shop-prod-cache-rotation[^)]*\) runs with the role CacheRotationRole, which more than Lambda may assume/,
      ),
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['at once when deployed', { RotateImmediatelyOnUpdate: true }, 'RotateImmediatelyOnUpdate true'],
    [
      'every four hours',
      { RotationRules: { ScheduleExpression: 'rate(4 hours)' } },
      'ScheduleExpression "rate\\(4 hours\\)"',
    ],
  ])('refuses a schedule that rotates %s', (_when, change, found) => {
    const problems = judged(cacheWith((r) => Object.assign(r.CacheSchedule.Properties, change))).problems;
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^CacheSchedule rotates its secret with ${found}: `))]);
  });

  test('admits the user whose AuthenticationMode names the token', () => {
    expect(
      judged(
        cacheWith((r) => {
          delete r.DefaultUser.Properties.Passwords;
          r.DefaultUser.Properties.AuthenticationMode = { Type: 'password', Passwords: [resolveSecret('Token', '')] };
        }),
      ).problems,
    ).toEqual([]);
  });
});
