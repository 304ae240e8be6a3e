import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import { judgeTrust, type ReleasePrincipals } from '../../../../core/preflight/trust';
import { getAtt, partitionArn, resource, stack, TOOLS } from '../harness';

const PROD = '333333333333';
const OTHER = '444444444444';
const release: ReleasePrincipals = {
  account: TOOLS,
  roleNames: new Set(['app-prod-render-euw1', 'app-release-role-euw1']),
  secretAccounts: new Set(),
};
const toolsRoot = `arn:aws:iam::${TOOLS}:root`;
const toolsRole = (name: string) => `arn:aws:iam::${TOOLS}:role/${name}`;

const trusting = (Principal: JsonValue, Condition?: JsonObject): TemplateResource =>
  resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal, ...(Condition ? { Condition } : {}) }],
    },
  });
const keyGranting = (Principal: JsonValue): TemplateResource =>
  resource('AWS::KMS::Key', { KeyPolicy: { Statement: [{ Effect: 'Allow', Action: 'kms:*', Principal }] } });
const narrowedTo = (arn: string, operator = 'ArnEquals'): JsonObject => ({ [operator]: { 'aws:PrincipalArn': arn } });

/** The messages the judgement gives a prod stack holding `resources`. */
const judged = (resources: Record<string, TemplateResource>) =>
  judgeTrust(stack('app-prod-service', { account: PROD, resources }), release).map((f) => ({
    logicalId: f.logicalId,
    message: f.message,
  }));

describe('judgeTrust admits', () => {
  test.each<[string, TemplateResource]>([
    ['a service principal', trusting({ Service: 'ecs-tasks.amazonaws.com' })],
    [
      'a service principal built from the region',
      trusting({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } }),
    ],
    ["the environment's own account root", keyGranting({ AWS: `arn:aws:iam::${PROD}:root` })],
    ["the own account as CDK's token", keyGranting({ AWS: partitionArn(':iam::${AWS::AccountId}:root') })],
    ['a role of the same template', keyGranting({ AWS: getAtt('TaskRole') })],
    [
      'the tools account narrowed to an owned role',
      trusting({ AWS: toolsRoot }, narrowedTo(toolsRole('app-prod-render-euw1'))),
    ],
    ['an owned release role named directly', trusting({ AWS: toolsRole('app-release-role-euw1') })],
    [
      "the region's load balancer log account writing a bucket",
      resource('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 's3:PutObject', Principal: { AWS: 'arn:aws:iam::156460612806:root' } },
          ],
        },
      }),
    ],
    [
      'any principal in a Deny statement',
      resource('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' } }] },
      }),
    ],
  ])('%s', (_what, granting) => {
    expect(judged({ TaskRole: trusting({ Service: 'ecs-tasks.amazonaws.com' }), Granting: granting })).toEqual([]);
  });
});

describe('judgeTrust refuses', () => {
  test.each<[string, TemplateResource, string]>([
    ['another account', trusting({ AWS: `arn:aws:iam::${OTHER}:root` }), `a principal of account ${OTHER}`],
    ['another account by its id', keyGranting({ AWS: OTHER }), `a principal of account ${OTHER}`],
    ['any principal (*)', trusting('*'), 'every principal of every account'],
    ['any AWS principal', keyGranting({ AWS: '*' }), 'every principal of every account'],
    ['the tools account root alone', trusting({ AWS: toolsRoot }), 'with no aws:PrincipalArn condition'],
    [
      'the tools account narrowed only if the key exists',
      trusting({ AWS: toolsRoot }, narrowedTo(toolsRole('app-prod-render-euw1'), 'ArnEqualsIfExists')),
      'with no aws:PrincipalArn condition',
    ],
    [
      'the tools account narrowed by a wildcard',
      trusting({ AWS: toolsRoot }, narrowedTo(toolsRole('app-prod-*'), 'ArnLike')),
      "owns no role 'app-prod-*'",
    ],
    [
      'a tools-account role the release stack does not own',
      trusting({ AWS: toolsRole('attacker') }),
      "owns no role 'attacker'",
    ],
    [
      'a role name of a newer tool version (upgrade window)',
      trusting({ AWS: toolsRoot }, narrowedTo(toolsRole('app-prod-new-step-euw1'))),
      'the platform team deploys the release stack with that version first',
    ],
    ['a federated principal', trusting({ Federated: 'cognito-identity.amazonaws.com' }), 'admits Federated principal'],
    [
      'NotPrincipal',
      resource('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: OTHER } }] },
      }),
      'NotPrincipal',
    ],
    ['a principal from a parameter', trusting({ AWS: { Ref: 'TrustedArn' } }), 'cannot read'],
    [
      'an unknown condition operator',
      trusting({ AWS: toolsRoot }, { ArnMatchesSomehow: { 'aws:PrincipalArn': toolsRole('app-prod-render-euw1') } }),
      "condition operator 'ArnMatchesSomehow'",
    ],
    ['a key that grants another account', keyGranting({ AWS: `arn:aws:iam::${OTHER}:root` }), 'key policy'],
    [
      'a Lambda permission for another account',
      resource('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: 'f', Principal: OTHER }),
      `a principal of account ${OTHER}`,
    ],
    [
      'a secret policy given as a token',
      resource('AWS::SecretsManager::ResourcePolicy', { SecretId: 's', ResourcePolicy: { 'Fn::ImportValue': 'x' } }),
      'not a policy document this check can read',
    ],
    [
      "a bucket readable by any account's CloudFront distribution (a service grant with no source)",
      resource('AWS::S3::BucketPolicy', {
        Bucket: 'data',
        PolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } }],
        },
      }),
      "admits service principal 'cloudfront.amazonaws.com' with no aws:SourceAccount or aws:SourceArn condition",
    ],
    [
      'a Lambda permission for a service of another account',
      resource('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: 'f',
        Principal: 's3.amazonaws.com',
        SourceAccount: OTHER,
      }),
      `names source '${OTHER}', not this account`,
    ],
    [
      'the load balancer log account outside a bucket policy',
      keyGranting({ AWS: 'arn:aws:iam::156460612806:root' }),
      'a principal of account 156460612806',
    ],
  ])('%s', (_what, granting, why) => {
    const findings = judged({ Granting: granting });
    expect(findings).toHaveLength(1);
    expect(findings[0].logicalId).toBe('Granting');
    expect(findings[0].message).toContain(why);
  });

  test('names the principal and the policy in the message', () => {
    expect(judged({ Granting: trusting({ AWS: `arn:aws:iam::${OTHER}:root` }) })[0].message).toBe(
      `the trust policy of 'Granting' admits 'arn:aws:iam::${OTHER}:root', a principal of account ${OTHER}, ` +
        "neither this environment's nor the release stack's: a protected environment may trust only AWS services, " +
        "its own account and the release stack's roles: remove it",
    );
  });
});

describe('judgeTrust also reads the grants of inline topic and queue policies, access points and event buses', () => {
  test.each<[string, TemplateResource]>([
    [
      'an inline topic policy',
      resource('AWS::SNS::TopicInlinePolicy', { PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }),
    ],
    [
      'an inline queue policy',
      resource('AWS::SQS::QueueInlinePolicy', {
        PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }] },
      }),
    ],
    [
      'an S3 access point',
      resource('AWS::S3::AccessPoint', {
        Policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }] },
      }),
    ],
    [
      "an event bus's own policy",
      resource('AWS::Events::EventBus', { Policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }),
    ],
  ])('and refuses %s admitting another account or anyone', (_case, granting) => {
    expect(judged({ Granting: granting })).toEqual([
      { logicalId: 'Granting', message: expect.stringMatching(/admits .*(\*|444444444444)/) },
    ]);
  });
});

test.each(['AWS::IAM::User', 'AWS::IAM::AccessKey'])('judgeTrust refuses an %s in a protected stack', (type) => {
  expect(judged({ Credentials: resource(type, {}) })).toEqual([
    {
      logicalId: 'Credentials',
      message: `'Credentials' is an ${type}: a protected environment creates no IAM users or access keys, whose long-lived credentials act there without a role or an approval; use a role`,
    },
  ]);
});
