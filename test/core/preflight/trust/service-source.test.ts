import type { JsonObject } from '../../../../core/preflight/json-value';
import { serviceGrantWithoutSource } from '../../../../core/preflight/trust/service-source';
import { resource, stack, TOOLS } from '../harness';

const OTHER = '999999999999';
const bucketPolicy = resource('AWS::S3::BucketPolicy', {});
const judge = (
  service: string,
  condition?: JsonObject,
  action: string | string[] = 's3:GetObject',
  on = bucketPolicy,
) =>
  serviceGrantWithoutSource(
    service,
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: action,
      ...(condition ? { Condition: condition } : {}),
    },
    on,
    stack('prod', { account: TOOLS, resources: { Dist: resource('AWS::CloudFront::Distribution', {}) } }),
  );

test('refuses aws:SourceArn as a token for what the template does not hold (a parameter, another name)', () => {
  for (const source of [{ Ref: 'SourceArn' }, { 'Fn::GetAtt': ['Elsewhere', 'Arn'] }] as JsonObject[]) {
    expect(judge('cloudfront.amazonaws.com', { ArnEquals: { 'aws:SourceArn': source } })).toMatch(
      /^names source '\$\{(SourceArn|Elsewhere\.Arn)\}', not this account/,
    );
  }
});

describe('serviceGrantWithoutSource admits a grant bound to this account', () => {
  test.each<[string, JsonObject]>([
    ['aws:SourceAccount with the account id', { StringEquals: { 'aws:SourceAccount': TOOLS } }],
    [
      'aws:SourceAccount as the AccountId pseudo parameter',
      { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    ],
    ['a key spelt in another case', { StringEquals: { 'AWS:SourceAccount': TOOLS } }],
    [
      'aws:SourceArn naming a resource of this account',
      { ArnLike: { 'aws:SourceArn': `arn:aws:cloudfront::${TOOLS}:distribution/E1` } },
    ],
    [
      'aws:SourceArn as a resource of this template',
      { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Dist', 'Arn'] } } },
    ],
    [
      'an S3 ARN (which names no account) with aws:SourceAccount beside it',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::logs' }, StringEquals: { 'aws:SourceAccount': TOOLS } },
    ],
  ])('%s', (_, condition) => {
    expect(judge('cloudfront.amazonaws.com', condition)).toBeUndefined();
  });

  test("CloudWatch Logs' key grant bound by its encryption context to this account's log groups", () => {
    const condition = { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${TOOLS}:*` } };
    expect(
      judge('logs.eu-west-1.amazonaws.com', condition, 'kms:Decrypt', resource('AWS::KMS::Key', {})),
    ).toBeUndefined();
  });

  test('the grant AWS documents with no source: access log delivery writing objects, in new Regions', () => {
    expect(judge('logdelivery.elasticloadbalancing.amazonaws.com', undefined, 's3:PutObject')).toBeUndefined();
  });
});

describe('serviceGrantWithoutSource refuses', () => {
  test('a service grant with no condition, saying what to add', () => {
    expect(judge('cloudfront.amazonaws.com')).toBe(
      "admits service principal 'cloudfront.amazonaws.com' with no aws:SourceAccount or aws:SourceArn condition, so " +
        'that service acts here for any account that points it at this resource (the confused deputy): add ' +
        'aws:SourceAccount with this account',
    );
  });

  test('a condition that does not name the source (only s3:x-amz-acl)', () => {
    const condition = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } };
    expect(judge('delivery.logs.amazonaws.com', condition, 's3:PutObject')).toMatch(/^admits service principal/);
  });

  test('a source in another account, by account or by ARN', () => {
    expect(judge('cloudfront.amazonaws.com', { StringEquals: { 'aws:SourceAccount': OTHER } })).toBe(
      `names source '${OTHER}', not this account: a source must be this account or one of its resources`,
    );
    const arn = `arn:aws:cloudfront::${OTHER}:distribution/E1`;
    expect(judge('cloudfront.amazonaws.com', { ArnLike: { 'aws:SourceArn': arn } })).toContain(`names source '${arn}'`);
  });

  test('a source key under an operator that admits what it does not name (IfExists, a negation)', () => {
    expect(judge('cloudfront.amazonaws.com', { StringEqualsIfExists: { 'aws:SourceAccount': TOOLS } })).toMatch(
      /^admits service principal/,
    );
    expect(judge('cloudfront.amazonaws.com', { StringNotEquals: { 'aws:SourceAccount': OTHER } })).toMatch(
      /^admits service principal/,
    );
  });

  test('an S3 ARN alone, which names no account', () => {
    expect(judge('logging.s3.amazonaws.com', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::any-bucket' } })).toMatch(
      /^admits service principal/,
    );
  });

  test('the documented exception stretched: another action, or another resource type', () => {
    const logDelivery = 'logdelivery.elasticloadbalancing.amazonaws.com';
    expect(judge(logDelivery, undefined, ['s3:PutObject', 's3:GetObject'])).toMatch(/^admits service principal/);
    expect(judge(logDelivery, undefined, 's3:PutObject', resource('AWS::SNS::TopicPolicy', {}))).toMatch(
      /^admits service principal/,
    );
  });
});
