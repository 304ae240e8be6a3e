import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { eventbridgeTargetPermission } from '../../../../core/preflight/rules/eventbridge-target-permission';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack, statement } from '../harness';

function rule(target: JsonObject, properties: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::Events::Rule',
    { EventPattern: { source: ['aws.codebuild'] }, Targets: [{ Id: 'Target0', ...target }], ...properties },
    'prod/Service/IntegrationGate/BuildFinished/Resource',
  );
}

const fn = resource('AWS::Lambda::Function', { Role: getAtt('FnRole'), Runtime: 'nodejs22.x' });
const queue = resource('AWS::SQS::Queue', {});

function permission(properties: JsonObject = {}): TemplateResource {
  return resource('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: getAtt('Fn'),
    Principal: 'events.amazonaws.com',
    SourceArn: getAtt('Rule'),
    ...properties,
  });
}

function queuePolicy(condition?: JsonObject, principal: JsonObject = { Service: 'events.amazonaws.com' }) {
  return resource('AWS::SQS::QueuePolicy', {
    Queues: [ref('Dlq')],
    PolicyDocument: {
      Statement: [
        {
          ...statement('sqs:*', getAtt('Dlq'), 'Deny'),
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          ...statement('sqs:SendMessage', getAtt('Dlq')),
          Principal: principal,
          ...(condition === undefined ? {} : { Condition: condition }),
        },
      ],
    },
  });
}

const lambdaTarget = { Arn: getAtt('Fn') };
const withDlq = { ...lambdaTarget, DeadLetterConfig: { Arn: getAtt('Dlq') } };

const check = (resources: Record<string, TemplateResource>) =>
  runRule(eventbridgeTargetPermission, assemblyOf(stack('service', { resources })));

describe('eventbridge-target-permission', () => {
  test('compliant: what CDK synthesizes for a Lambda target with a dead-letter queue', () => {
    const resources = {
      Rule: rule(withDlq),
      Fn: fn,
      Perm: permission(),
      Dlq: queue,
      DlqPolicy: queuePolicy({ ArnEquals: { 'aws:SourceArn': getAtt('Rule') } }),
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: a permission without SourceArn, a literal rule ARN pattern on the queue', () => {
    const resources = {
      Rule: rule(withDlq, { Name: 'build-finished' }),
      Fn: fn,
      Perm: resource('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt('Fn'),
        Principal: 'events.amazonaws.com',
      }),
      Dlq: queue,
      DlqPolicy: queuePolicy({ ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/build-*' } }),
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: a target with a RoleArn is invoked through the role', () => {
    expect(check({ Rule: rule({ ...lambdaTarget, RoleArn: getAtt('InvokeRole') }), Fn: fn })).toEqual([]);
  });

  test('compliant: a non-Lambda target needs no function permission', () => {
    const topic = resource('AWS::SNS::Topic', {});
    expect(check({ Rule: rule({ Arn: ref('Topic') }), Topic: topic })).toEqual([]);
  });

  test('non-compliant: a Lambda target without AWS::Lambda::Permission is an error', () => {
    const findings = check({ Rule: rule(lambdaTarget), Fn: fn });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Rule',
        constructPath: 'prod/Service/IntegrationGate/BuildFinished/Resource',
      }),
    ]);
    expect(findings[0].message).toContain("'Fn'");
  });

  test('non-compliant: a permission for another rule or another principal does not count', () => {
    const otherRule = check({ Rule: rule(lambdaTarget), Fn: fn, Perm: permission({ SourceArn: getAtt('Other') }) });
    const otherPrincipal = check({
      Rule: rule(lambdaTarget),
      Fn: fn,
      Perm: permission({ Principal: 's3.amazonaws.com' }),
    });
    expect(severities([...otherRule, ...otherPrincipal])).toEqual(['error', 'error']);
  });

  test('non-compliant: a dead-letter queue without a policy for EventBridge is an error', () => {
    const findings = check({ Rule: rule(withDlq), Fn: fn, Perm: permission(), Dlq: queue });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain("dead-letter queue 'Dlq'");
  });

  test('non-compliant: a queue policy scoped to another rule is an error', () => {
    const resources = {
      Rule: rule(withDlq),
      Fn: fn,
      Perm: permission(),
      Dlq: queue,
      DlqPolicy: queuePolicy({ ArnEquals: { 'aws:SourceArn': getAtt('OtherRule') } }),
    };
    expect(severities(check(resources))).toEqual(['error']);
  });

  test('warning: a dead-letter queue outside the stack cannot be checked', () => {
    const target = { ...lambdaTarget, DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:111111111111:shared-dlq' } };
    expect(severities(check({ Rule: rule(target), Fn: fn, Perm: permission() }))).toEqual(['warning']);
  });
});
