import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asString, pathOf, type JsonValue } from '../json-value';
import { coversAction, statementsOf } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, refTarget, resourcesOfType, textOf, type ResourceRef } from '../template-values';

/**
 * A topic's default access policy lets AWS services publish on behalf of its account; an AWS::SNS::TopicPolicy
 * replaces it, so every service that publishes to the topic must then be named (CloudWatch alarm actions,
 * EventBridge targets, notification rules, backup vault events, S3 event notifications). An encrypted topic's key
 * must let the same service encrypt, and the AWS managed key alias/aws/sns never does.
 */
export const topicPublishersAdmitted: Rule = {
  id: 'topic-publishers-admitted',
  severity: 'error',
  title: 'Topic and key policies admit the AWS services that publish to the topic',
  awsBehaviour:
    'An AWS::SNS::TopicPolicy replaces the default topic policy; a service it does not allow sns:Publish (CloudWatch ' +
    'for alarm actions, EventBridge for rule targets, CodeStar Notifications, AWS Backup, S3) is refused and the ' +
    'message is dropped silently. On an SSE-KMS topic the key policy must also allow that service ' +
    'kms:GenerateDataKey* and kms:Decrypt; the AWS managed key alias/aws/sns does not.',
  // The key half: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
  docUrl: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      publishedTopics(stack).flatMap(({ topicId, service, by }): RuleFinding[] => {
        const topic = stack.template.Resources[topicId];
        if (topic?.Type !== 'AWS::SNS::Topic') return [];
        const where = { stack, logicalId: topicId, resource: topic };
        const findings: RuleFinding[] = [];
        const policies = topicPolicies(stack, topicId);
        if (policies.length > 0 && !policies.some((p) => allowsService(p, service, 'sns:Publish'))) {
          findings.push({
            ...where,
            severity: 'error',
            message:
              `${by} publishes to this topic, but its topic policy (which replaces the default one) does not allow ` +
              `sns:Publish to ${service}: add an Allow for that service principal (with aws:SourceAccount), or every ` +
              'message is refused',
          });
        }
        findings.push(...keyFindings(stack, topic, where, service, by));
        return findings;
      }),
    ),
};

interface Publication {
  readonly topicId: string;
  readonly service: string;
  /** What publishes, for the message. */
  readonly by: string;
}

/** Every (topic of this stack, publishing service) pair the stack's resources set up. */
function publishedTopics(stack: AssemblyStack): Publication[] {
  const found: Publication[] = [];
  const add = (value: JsonValue | undefined, service: string, by: string) => {
    const topicId = refTarget(value);
    // One finding per topic and service, naming the first publisher.
    if (topicId !== undefined && !found.some((f) => f.topicId === topicId && f.service === service))
      found.push({ topicId, service, by });
  };
  for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
    for (const alarm of resourcesOfType(stack, type)) {
      for (const key of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
        for (const action of asList(alarm.resource.Properties[key])) {
          add(action, 'cloudwatch.amazonaws.com', `the alarm '${alarm.logicalId}'`);
        }
      }
    }
  }
  for (const rule of resourcesOfType(stack, 'AWS::Events::Rule')) {
    for (const target of asList(rule.resource.Properties.Targets)) {
      add(pathOf(target, 'Arn'), 'events.amazonaws.com', `the EventBridge rule '${rule.logicalId}'`);
    }
  }
  for (const rule of resourcesOfType(stack, 'AWS::CodeStarNotifications::NotificationRule')) {
    for (const target of asList(rule.resource.Properties.Targets)) {
      if (pathOf(target, 'TargetType') !== 'SNS') continue;
      add(
        pathOf(target, 'TargetAddress'),
        'codestar-notifications.amazonaws.com',
        `the notification rule '${rule.logicalId}'`,
      );
    }
  }
  for (const vault of resourcesOfType(stack, 'AWS::Backup::BackupVault')) {
    add(
      pathOf(vault.resource.Properties.Notifications, 'SNSTopicArn'),
      'backup.amazonaws.com',
      `the backup vault '${vault.logicalId}'`,
    );
  }
  for (const bucket of resourcesOfType(stack, 'AWS::S3::Bucket')) {
    for (const configuration of asList(
      pathOf(bucket.resource.Properties.NotificationConfiguration, 'TopicConfigurations'),
    )) {
      add(pathOf(configuration, 'Topic'), 's3.amazonaws.com', `the bucket '${bucket.logicalId}'`);
    }
  }
  return found;
}

/** The topic policies of the stack that apply to the topic. */
function topicPolicies(stack: AssemblyStack, topicId: string): ResourceRef[] {
  return [
    ...resourcesOfType(stack, 'AWS::SNS::TopicPolicy').filter((p) =>
      asList(p.resource.Properties.Topics).some((t) => refTarget(t) === topicId),
    ),
    ...resourcesOfType(stack, 'AWS::SNS::TopicInlinePolicy').filter(
      (p) => refTarget(p.resource.Properties.TopicArn) === topicId,
    ),
  ];
}

/** True when an Allow statement of the policy covers the action for the service (or for everyone). */
function allowsService(policy: ResourceRef, service: string, action: string): boolean {
  const property = policy.resource.Type === 'AWS::KMS::Key' ? 'KeyPolicy' : 'PolicyDocument';
  const raw = asList(pathOf(policy.resource.Properties[property], 'Statement'));
  return raw.some((value) => {
    const [statement] = statementsOf({ Statement: [value] }, policy);
    if (statement === undefined || statement.effect !== 'Allow' || !coversAction(statement, action)) return false;
    const principal = pathOf(value, 'Principal');
    if (principal === '*' || pathOf(principal, 'AWS') === '*') return true;
    return asList(pathOf(principal, 'Service')).some((s) => s === service);
  });
}

function keyFindings(
  stack: AssemblyStack,
  topic: TemplateResource,
  where: Pick<RuleFinding, 'stack' | 'logicalId' | 'resource'>,
  service: string,
  by: string,
): RuleFinding[] {
  const keyValue = topic.Properties.KmsMasterKeyId;
  if (keyValue === undefined) return [];
  const text = textOf(keyValue);
  if (text === 'alias/aws/sns' || asString(keyValue)?.endsWith(':alias/aws/sns')) {
    return [
      {
        ...where,
        severity: 'error',
        message:
          `${by} publishes to this topic, which is encrypted with the AWS managed key alias/aws/sns, whose policy ` +
          `${service} cannot use: encrypt the topic with a customer managed key that allows it`,
      },
    ];
  }
  const keyId = getAttTarget(keyValue)?.logicalId ?? refTarget(keyValue);
  const key = keyId === undefined ? undefined : stack.template.Resources[keyId];
  if (key?.Type !== 'AWS::KMS::Key') return [];
  const keyRef = { stack, logicalId: keyId!, resource: key };
  const missing = ['kms:GenerateDataKey', 'kms:Decrypt'].filter((a) => !allowsService(keyRef, service, a));
  if (missing.length === 0) return [];
  return [
    {
      ...where,
      severity: 'error',
      message:
        `${by} publishes to this topic, but the policy of its key '${keyId}' does not allow ${service} ` +
        `${missing.join(' and ')}: add them to the key policy, or the encrypted publish is refused`,
    },
  ];
}
