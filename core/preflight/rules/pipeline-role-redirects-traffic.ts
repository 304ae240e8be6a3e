import { asList, asObject, type JsonValue } from '../json-value';
import { allowsAction, roleStatements } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, textOf, type ResourceRef } from '../template-values';

/**
 * Actions that decide where an environment's requests go: a listener's or rule's actions (any target group, a
 * redirect to any host, a fixed response), the targets a target group sends to, a DNS record, a distribution's
 * origins or its edge functions. IAM cannot limit any of them by the value they set.
 */
export const TRAFFIC_WRITES = [
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:SetRulePriorities',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'route53:ChangeResourceRecordSets',
  'cloudfront:UpdateDistribution',
  'cloudfront:UpdateFunction',
  'cloudfront:PublishFunction',
] as const;

/**
 * A role in an environment account that a pipeline step uses (its trust admits an AWS account or role, as the
 * pipeline access roles trust the tools account, or CodeBuild, which runs what a commit or a StartBuild override
 * says) holds no action that can send the environment's traffic elsewhere. Such a step invokes a fixed function
 * without input instead (the listener re-point function), whose own role holds the action on exact resources.
 */
export const pipelineRoleRedirectsTraffic: Rule = {
  id: 'pipeline-role-redirects-traffic',
  severity: 'error',
  title: 'No role a pipeline step uses in an environment account can redirect its traffic',
  awsBehaviour:
    'elasticloadbalancing:ModifyListener and ModifyRule can be limited to a listener or rule ARN but not by the ' +
    'actions they set (Service Authorization Reference, Elastic Load Balancing V2: no condition key names a target ' +
    'group or redirect host), so any principal that can run a step holding them (codebuild:StartBuild with an ' +
    'environment or buildspec override) can point production at any target group, any host or a fixed response.',
  docUrl: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html',
  check: (assembly) =>
    assembly.stacks
      .filter((stack) => resourcesOfType(stack, 'AWS::CodePipeline::Pipeline').length === 0)
      .flatMap((stack) => resourcesOfType(stack, 'AWS::IAM::Role'))
      .flatMap(roleFinding),
};

function roleFinding(role: ResourceRef): RuleFinding[] {
  const usedBy = pipelineUse(role.resource.Properties.AssumeRolePolicyDocument);
  if (usedBy === undefined) return [];
  const statements = roleStatements(role);
  const held = TRAFFIC_WRITES.filter((action) => allowsAction(statements, action));
  if (held.length === 0) return [];
  return [
    {
      severity: 'error',
      stack: role.stack,
      logicalId: role.logicalId,
      resource: role.resource,
      message:
        `role ${role.logicalId}, which ${usedBy} may use, may call ${held.join(', ')}: whoever can run a step with ` +
        "it can send this environment's traffic anywhere (IAM cannot limit these by the value they set). Give the " +
        'action to a function without input that acts on fixed resources, and let the role only invoke it (as ' +
        "'bluegreen listeners --repoint --invoke' does)",
    },
  ];
}

/** Who outside the environment may assume the role: an AWS account or role, or CodeBuild; undefined for other services. */
function pipelineUse(document: JsonValue | undefined): string | undefined {
  const principals = asList(asObject(document)?.Statement)
    .map(asObject)
    .filter((s) => s !== undefined && s.Effect !== 'Deny')
    .map((s) => asObject(s?.Principal));
  for (const principal of principals) {
    const aws = asList(principal?.AWS).map(textOf);
    if (aws.length > 0) return `a principal of ${aws.join(', ')}`;
    if (asList(principal?.Service).map(textOf).includes('codebuild.amazonaws.com')) return 'a CodeBuild build';
  }
  return undefined;
}
