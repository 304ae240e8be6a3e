import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import { topicPublishersAdmitted } from '../../../../core/preflight/rules/topic-publishers-admitted';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

const denyNonTls: JsonObject = {
  Sid: 'AllowPublishThroughSSLOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: ref('Topic'),
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

const allow = (service: string, action = 'sns:Publish', Resource: JsonValue = ref('Topic')): JsonObject => ({
  Effect: 'Allow',
  Principal: { Service: service },
  Action: action,
  Resource,
  Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
});

const topicPolicy = (...statements: JsonObject[]) =>
  resource('AWS::SNS::TopicPolicy', { Topics: [ref('Topic')], PolicyDocument: { Statement: statements } });

const key = (...statements: JsonObject[]) =>
  resource('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:*', Resource: '*' },
        ...statements,
      ],
    },
  });

const topic = (properties: JsonObject = {}) =>
  resource('AWS::SNS::Topic', properties, 'prod/Service/Alarms/Topic/Resource');

const alarm = resource('AWS::CloudWatch::Alarm', { AlarmActions: [ref('Topic')], Threshold: 1 });
const alarm2 = resource('AWS::CloudWatch::Alarm', { AlarmActions: [ref('Topic')], Threshold: 2 });

const check = (resources: Record<string, TemplateResource>) =>
  runRule(topicPublishersAdmitted, assemblyOf(stack('service', { account: '222222222222', resources })));

describe('topic-publishers-admitted', () => {
  test('compliant: an alarm topic whose policy and key admit CloudWatch', () => {
    const resources = {
      Alarm: alarm,
      Topic: topic({ KmsMasterKeyId: getAtt('Key') }),
      Policy: topicPolicy(denyNonTls, allow('cloudwatch.amazonaws.com')),
      Key: key(
        allow('cloudwatch.amazonaws.com', 'kms:GenerateDataKey*', '*'),
        allow('cloudwatch.amazonaws.com', 'kms:Decrypt', '*'),
      ),
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: a topic without a topic policy keeps the default policy, which admits services of its account', () => {
    expect(check({ Alarm: alarm, Topic: topic() })).toEqual([]);
  });

  test('non-compliant: an alarm topic whose policy only denies non-TLS publishing is one error, however many alarms', () => {
    const findings = check({ Alarm: alarm, Alarm2: alarm2, Topic: topic(), Policy: topicPolicy(denyNonTls) });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Topic',
        constructPath: 'prod/Service/Alarms/Topic/Resource',
      }),
    ]);
    expect(findings[0].message).toContain("the alarm 'Alarm' publishes to this topic");
    expect(findings[0].message).toContain('cloudwatch.amazonaws.com');
  });

  test('non-compliant: a policy that admits another service does not admit the publisher', () => {
    const resources = {
      Rule: resource('AWS::Events::Rule', { Targets: [{ Id: 'T', Arn: ref('Topic') }] }),
      Topic: topic(),
      Policy: topicPolicy(denyNonTls, allow('codestar-notifications.amazonaws.com')),
    };
    const findings = check(resources);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('events.amazonaws.com');
  });

  test('non-compliant: the topic key does not let the publishing service encrypt', () => {
    const resources = {
      Notify: resource('AWS::CodeStarNotifications::NotificationRule', {
        Targets: [{ TargetType: 'SNS', TargetAddress: ref('Topic') }],
      }),
      Topic: topic({ KmsMasterKeyId: getAtt('Key') }),
      Policy: topicPolicy(denyNonTls, allow('codestar-notifications.amazonaws.com')),
      Key: key(),
    };
    const findings = check(resources);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain(
      "key 'Key' does not allow codestar-notifications.amazonaws.com kms:GenerateDataKey and kms:Decrypt",
    );
  });

  test('non-compliant: a backup vault notifying a topic under alias/aws/sns', () => {
    const resources = {
      Vault: resource('AWS::Backup::BackupVault', {
        BackupVaultName: 'v',
        Notifications: { SNSTopicArn: ref('Topic'), BackupVaultEvents: ['BACKUP_JOB_FAILED'] },
      }),
      Topic: topic({ KmsMasterKeyId: 'alias/aws/sns' }),
    };
    const findings = check(resources);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('alias/aws/sns');
  });
});
