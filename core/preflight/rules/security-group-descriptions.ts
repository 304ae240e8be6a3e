import type { JsonValue } from '../json-value';
import { asList, asObject, asString } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, type ResourceRef } from '../template-values';

/** EC2's own limits (CreateSecurityGroup `Description`; IpRange and the other rule descriptions). */
const GROUP_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
const RULE_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]{0,255}$/;

/**
 * Security group and rule descriptions hold only the characters EC2 accepts: CloudFormation passes them through, and
 * EC2 refuses the create (or the update, which replaces a group) with InvalidParameterValue. Text a stack builds from
 * a name or a sentence is where an apostrophe or an accent slips in. Values CloudFormation computes are not judged.
 */
export const securityGroupDescriptions: Rule = {
  id: 'security-group-descriptions',
  severity: 'error',
  title: 'Security group and rule descriptions use only the characters EC2 accepts',
  awsBehaviour:
    'EC2 accepts a security group description of up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, ' +
    'and a rule description of the same without &; anything else fails CreateSecurityGroup or the rule with ' +
    'InvalidParameterValue, and the stack rolls back.',
  docUrl: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) => [
      ...resourcesOfType(stack, 'AWS::EC2::SecurityGroup').flatMap((group) => [
        ...judged(group, 'GroupDescription', group.resource.Properties.GroupDescription, GROUP_DESCRIPTION),
        ...['SecurityGroupIngress', 'SecurityGroupEgress'].flatMap((list) =>
          asList(group.resource.Properties[list]).flatMap((rule, i) =>
            judged(group, `${list}[${i}].Description`, asObject(rule)?.Description, RULE_DESCRIPTION),
          ),
        ),
      ]),
      ...['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'].flatMap((type) =>
        resourcesOfType(stack, type).flatMap((rule) =>
          judged(rule, 'Description', rule.resource.Properties.Description, RULE_DESCRIPTION),
        ),
      ),
    ]),
};

function judged(ref: ResourceRef, path: string, value: JsonValue | undefined, allowed: RegExp): RuleFinding[] {
  const text = asString(value);
  if (text === undefined || allowed.test(text)) return [];
  const outside = [...new Set([...text].filter((c) => !allowed.test(c)))].map((c) => JSON.stringify(c)).join(' ');
  return [
    {
      severity: 'error',
      stack: ref.stack,
      logicalId: ref.logicalId,
      resource: ref.resource,
      message:
        text.length > 255
          ? `${path} is ${text.length} characters long; EC2 allows 255: shorten it`
          : `${path} holds ${outside}, which EC2 refuses in a description: use a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*`,
    },
  ];
}
