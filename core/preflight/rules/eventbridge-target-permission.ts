import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import { coversAction, statementsOf, wildcardMatch } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import {
  getAttTarget,
  isLiteral,
  parseArn,
  refTarget,
  resourcesOfType,
  textOf,
  type ResourceRef,
} from '../template-values';

const EVENTS = 'events.amazonaws.com';

/**
 * EventBridge delivers to a Lambda function and to a target's SQS dead-letter queue through their
 * resource-based policies: each needs a statement for events.amazonaws.com scoped to the rule.
 */
export const eventbridgeTargetPermission: Rule = {
  id: 'eventbridge-target-permission',
  severity: 'error',
  title: 'EventBridge needs resource-policy permission on Lambda targets and dead-letter queues',
  awsBehaviour:
    'EventBridge invokes a Lambda target only when the function policy allows lambda:InvokeFunction to ' +
    'events.amazonaws.com (SourceArn: the rule), and sends undeliverable events to a dead-letter queue only when the ' +
    'queue policy allows it sqs:SendMessage (aws:SourceArn: the rule); otherwise the invocations fail (FailedInvocations) ' +
    'and the events are dropped.',
  docUrl: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::Events::Rule'))
      .flatMap((rule) =>
        asList(rule.resource.Properties.Targets).flatMap((target): RuleFinding[] => [
          ...lambdaTargetFindings(assembly, rule, target),
          ...deadLetterFindings(rule, target),
        ]),
      ),
};

/** What a value names: a logical id in the stack (GetAtt X.Arn / Ref X) and its text. */
interface Named {
  readonly logicalId?: string;
  readonly text: string;
}

function named(value: JsonValue | undefined): Named {
  return { logicalId: getAttTarget(value)?.logicalId ?? refTarget(value), text: textOf(value) };
}

/** The last segment of a Lambda function ARN (`…:function:name[:qualifier]`) or a plain name. */
function functionName(text: string): string {
  const arn = parseArn(text);
  if (arn === undefined) return text;
  const parts = arn.resource.split(':');
  return parts[0] === 'function' ? (parts[1] ?? '') : arn.resource;
}

function lambdaTargetFindings(assembly: CloudAssembly, rule: ResourceRef, targetValue: JsonValue): RuleFinding[] {
  const target = asObject(targetValue);
  if (target === undefined) return [];
  // With a RoleArn, EventBridge invokes the function with that role, not through the function policy.
  if (target.RoleArn !== undefined) return [];
  const arn = named(target.Arn);
  const local = arn.logicalId === undefined ? undefined : rule.stack.template.Resources[arn.logicalId];
  const isLambda =
    local !== undefined
      ? local.Type === 'AWS::Lambda::Function' || local.Type === 'AWS::Lambda::Alias'
      : parseArn(arn.text)?.service === 'lambda';
  if (!isLambda) return [];
  const permitted = assembly.stacks
    .flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Permission'))
    .some((permission) => permissionCovers(permission, rule, arn));
  if (permitted) return [];
  const where = { stack: rule.stack, logicalId: rule.logicalId, resource: rule.resource };
  const targetName = arn.logicalId ?? arn.text;
  if (local === undefined && !isLiteral(arn.text)) {
    return [
      {
        ...where,
        severity: 'warning',
        message: `cannot check the Lambda target '${arn.text}': no AWS::Lambda::Permission for events.amazonaws.com naming it is in the assembly; make sure its function policy allows this rule`,
      },
    ];
  }
  return [
    {
      ...where,
      severity: local === undefined ? 'warning' : 'error',
      message:
        `the rule targets the Lambda function '${targetName}' but no AWS::Lambda::Permission allows ` +
        `lambda:InvokeFunction to ${EVENTS} with this rule as SourceArn: add one (CDK's LambdaFunction target does), ` +
        'or every invocation fails',
    },
  ];
}

/** True when the permission lets EventBridge invoke that function for this rule. */
function permissionCovers(permission: ResourceRef, rule: ResourceRef, fn: Named): boolean {
  const p = permission.resource.Properties;
  if (p.Principal !== EVENTS) return false;
  const action = asString(p.Action) ?? '';
  if (!['lambda:InvokeFunction', 'lambda:*', '*'].includes(action)) return false;
  const target = named(p.FunctionName);
  const sameStack = permission.stack === rule.stack;
  const sameFunction =
    (sameStack && fn.logicalId !== undefined && target.logicalId === fn.logicalId) ||
    (isLiteral(target.text) && isLiteral(fn.text) && functionName(target.text) === functionName(fn.text)) ||
    (fn.logicalId === undefined && target.text === fn.text);
  if (!sameFunction) return false;
  // Without a SourceArn any rule may invoke the function.
  return p.SourceArn === undefined || namesRule(p.SourceArn, rule, sameStack);
}

/** True when an ARN value (a SourceArn or a condition value) is this rule's ARN, or a pattern covering it. */
function namesRule(value: JsonValue, rule: ResourceRef, sameStack: boolean): boolean {
  if (sameStack && getAttTarget(value)?.logicalId === rule.logicalId) return true;
  const text = textOf(value);
  const ruleName = asString(rule.resource.Properties.Name);
  if (ruleName === undefined || !text.includes(':rule/')) return false;
  const pattern = text.slice(text.indexOf(':rule/') + ':rule/'.length);
  return isLiteral(pattern) && wildcardMatch(pattern, ruleName);
}

function deadLetterFindings(rule: ResourceRef, targetValue: JsonValue): RuleFinding[] {
  const queueArn = pathOf(targetValue, 'DeadLetterConfig', 'Arn');
  if (queueArn === undefined) return [];
  const where = { stack: rule.stack, logicalId: rule.logicalId, resource: rule.resource };
  const queueId = getAttTarget(queueArn)?.logicalId;
  const queue = queueId === undefined ? undefined : rule.stack.template.Resources[queueId];
  if (queueId === undefined || queue?.Type !== 'AWS::SQS::Queue') {
    return [
      {
        ...where,
        severity: 'warning',
        message: `cannot check the dead-letter queue '${textOf(queueArn)}': it is not a queue of this stack; make sure its policy allows sqs:SendMessage to ${EVENTS} for this rule`,
      },
    ];
  }
  if (queuePolicyAllows(rule.stack, queueId, rule)) return [];
  return [
    {
      ...where,
      severity: 'error',
      message:
        `the target's dead-letter queue '${queueId}' has no queue policy allowing sqs:SendMessage to ${EVENTS} ` +
        'with aws:SourceArn of this rule: add one, or undeliverable events are lost instead of queued',
    },
  ];
}

/** True when a queue policy of the stack on that queue allows EventBridge to send for this rule. */
function queuePolicyAllows(stack: AssemblyStack, queueId: string, rule: ResourceRef): boolean {
  const policies = [
    ...resourcesOfType(stack, 'AWS::SQS::QueuePolicy').filter((p) =>
      asList(p.resource.Properties.Queues).some((q) => refTarget(q) === queueId),
    ),
    ...resourcesOfType(stack, 'AWS::SQS::QueueInlinePolicy').filter(
      (p) => refTarget(p.resource.Properties.Queue) === queueId,
    ),
  ];
  return policies.some((policy) => {
    const raw = asList(pathOf(policy.resource.Properties.PolicyDocument, 'Statement'));
    return raw.some((value) => {
      const original = asObject(value);
      const [statement] = statementsOf({ Statement: [value] }, policy);
      if (statement === undefined || statement.effect !== 'Allow' || !coversAction(statement, 'sqs:SendMessage'))
        return false;
      const services = asList(pathOf(original, 'Principal', 'Service'));
      if (!services.includes(EVENTS) && pathOf(original, 'Principal') !== '*') return false;
      const sourceArns = Object.values(asObject(original?.Condition) ?? {}).flatMap((operator) =>
        asList(asObject(operator)?.['aws:SourceArn']),
      );
      return sourceArns.length === 0 || sourceArns.some((value) => namesRule(value, rule, true));
    });
  });
}
