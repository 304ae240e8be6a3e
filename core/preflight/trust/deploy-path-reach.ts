import { CODEDEPLOY_ACTION_PERMISSIONS } from '../../../model/codedeploy-action-permissions';
import { BOOTSTRAP_QUALIFIER, codeDeployActionRoleName } from '../../../model/naming';
import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import {
  coversAction,
  POLICY_TYPES,
  allStatements,
  wildcardMatch,
  S3_OBJECT_WRITES,
  statementsOf,
  type PolicyStatement,
} from '../policy';
import { errorAt, type RuleFinding } from '../rule';
import { getAttTarget, parseArn, refTarget, resourcesOfType, textOf, type ResourceRef } from '../template-values';
import { isOwnAccount, ownResourceToken } from './own-account';

/** What changes a stack: CloudFormation's write actions. */
const STACK_WRITES = [
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:DeleteStack',
  'cloudformation:CreateChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:SetStackPolicy',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:CreateStackSet',
  'cloudformation:UpdateStackSet',
  'cloudformation:CreateStackInstances',
  'cloudformation:ImportStacksToStackSet',
];

/** The AWS managed policies the tool's roles use: what AWS wrote in them is fixed, and none reaches the deploy path. */
const MANAGED_POLICIES = [
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaENIManagementAccess',
  'AWSCodeDeployRoleForECSLimited',
  'AmazonRDSEnhancedMonitoringRole',
  'AWSBackupServiceRolePolicyForBackup',
];

/** Every permission the CodeDeploy action role's policy may hold. */
const CODEDEPLOY_ACTION_ACTIONS: readonly string[] = Object.values(CODEDEPLOY_ACTION_PERMISSIONS).flat();

/**
 * A protected stack's roles act through the template's own resources, never through the account's deploy path, which
 * a later approved candidate takes: none may assume or pass a role the template does not create (the CDK bootstrap
 * deploy and file-publishing roles trust their own account), write a CDK bootstrap bucket, or change stacks. A policy
 * attaches to the template's own roles, and to one other: the environment's CodeDeploy action role, by its name (its
 * access stack creates it), with only what that action does.
 */
export function deployPathReach(stack: AssemblyStack): RuleFinding[] {
  const actionRole = codeDeployActionRoleOf(stack);
  // Every statement, whatever it is attached to: a policy attached by an expression still grants what it says.
  const reaches = allStatements(stack).flatMap((statement) => reachFindings(stack, statement));
  const attachments = POLICY_TYPES.flatMap((type) => resourcesOfType(stack, type)).flatMap((policy) =>
    attachmentFindings(stack, policy, actionRole),
  );
  return [...reaches, ...attachments, ...managedPolicyFindings(stack)];
}

/**
 * A role's managed policies: the AWS managed ones the tool uses, or managed policies of this template (whose statements
 * are judged with the rest). Any other (AdministratorAccess, a customer policy of the account) grants what no check
 * reads.
 */
function managedPolicyFindings(stack: AssemblyStack): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::IAM::Role').flatMap((role) =>
    asList(role.resource.Properties.ManagedPolicyArns)
      .filter((arn) => {
        const id = refTarget(arn);
        if (id !== undefined) return stack.template.Resources[id]?.Type !== 'AWS::IAM::ManagedPolicy';
        const match =
          /^arn:(?:\$\{AWS::Partition\}|aws[a-z-]*):iam::aws:policy\/(?:service-role\/)?([\w+=,.@-]+)$/.exec(
            textOf(arn),
          );
        return match === null || !MANAGED_POLICIES.includes(match[1]);
      })
      .map((arn) =>
        errorAt(
          role,
          `role '${role.logicalId}' has managed policy ${textOf(arn)}, which no check reads: a protected role takes ` +
            `the AWS managed policies the tool uses (${MANAGED_POLICIES.join(', ')}) or policies of its own template`,
        ),
      ),
  );
}

/**
 * Whether an S3 resource may name an object of a CDK bootstrap bucket of this account (where a later candidate's
 * assets wait for CloudFormation): a pattern that matches one, or a value no check can read. A resource of the
 * template (`${Bucket.Arn}/…`) is that bucket's.
 */
function mayNameBootstrapObject(resource: string, stack: AssemblyStack): boolean {
  if (resource.startsWith('${')) return ownResourceToken(resource, stack) === undefined;
  if (resource === '*' || resource.includes('${?}')) return true;
  const account = stack.environment.account ?? '';
  const region = stack.environment.region ?? '';
  const concrete = resource
    .replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::AccountId}', account)
    .replaceAll('${AWS::Region}', region);
  const bootstrapObject = `arn:aws:s3:::cdk-${BOOTSTRAP_QUALIFIER}-assets-${account}-${region}/0123.zip`;
  return wildcardMatch(concrete, bootstrapObject) || /cdk-[a-z0-9]+-assets-/.test(concrete) || concrete.includes('${');
}

function reachFindings(stack: AssemblyStack, statement: PolicyStatement): RuleFinding[] {
  if (statement.effect !== 'Allow') return [];
  const reaches = [
    ...['sts:AssumeRole', 'iam:PassRole'].flatMap((action) =>
      coversAction(statement, action)
        ? statement.resources
            .filter((r) => accountRoleOutsideTemplate(r, stack))
            .map((r) => `${action} on ${textOf(r)}`)
        : [],
    ),
    ...STACK_WRITES.filter((action) => coversAction(statement, action)),
    ...S3_OBJECT_WRITES.filter((action) => coversAction(statement, action)).flatMap((action) =>
      statement.resources
        .map(textOf)
        .filter((r) => mayNameBootstrapObject(r, stack))
        .map((r) => `${action} on ${r}`),
    ),
  ];
  if (reaches.length === 0) return [];
  return [
    errorAt(
      statement.source,
      `'${statement.source.logicalId}' grants ${[...new Set(reaches)].join(', ')}: code that runs with it could take ` +
        "the account's deploy path (the CDK bootstrap roles, their asset bucket, CloudFormation) and change what a " +
        'later approved candidate deploys; grant only the roles and buckets of its own template',
    ),
  ];
}

function attachmentFindings(stack: AssemblyStack, policy: ResourceRef, actionRole: string | undefined): RuleFinding[] {
  const properties = policy.resource.Properties;
  const findings: RuleFinding[] = [];
  if (asList(properties.Users).length > 0 || asList(properties.Groups).length > 0)
    findings.push(
      errorAt(
        policy,
        `policy '${policy.logicalId}' attaches to IAM users or groups, which a protected environment has none of`,
      ),
    );
  for (const role of asList(properties.Roles)) {
    const id = roleReference(role);
    if (id !== undefined && stack.template.Resources[id]?.Type === 'AWS::IAM::Role') continue;
    if (typeof role === 'string' && role === actionRole) {
      findings.push(...actionPolicyFindings(stack, policy));
      continue;
    }
    findings.push(
      errorAt(
        policy,
        `policy '${policy.logicalId}' attaches to role ${textOf(role)}, which this template does not create: a protected ` +
          `stack attaches policies to its own roles (and to ${actionRole ?? "the environment's CodeDeploy action role"}), by Ref`,
      ),
    );
  }
  return findings;
}

/** The CodeDeploy action role's policy: only what the action does, and it passes only the template's own roles. */
function actionPolicyFindings(stack: AssemblyStack, policy: ResourceRef): RuleFinding[] {
  const statements = statementsOf(policy.resource.Properties.PolicyDocument, policy).filter(
    (s) => s.effect === 'Allow',
  );
  const extra = statements.flatMap((s) =>
    s.notActions !== undefined
      ? ['NotAction']
      : s.actions.filter((action) => !CODEDEPLOY_ACTION_ACTIONS.includes(action)),
  );
  const passes = statements
    .filter((s) => coversAction(s, 'iam:PassRole'))
    .flatMap((s) => s.resources.filter((r) => !ownRole(r, stack)).map(textOf));
  if (extra.length === 0 && passes.length === 0) return [];
  const granted = [...new Set([...extra, ...passes.map((r) => `iam:PassRole on ${r}`)])];
  return [
    errorAt(
      policy,
      `the CodeDeploy action role's policy '${policy.logicalId}' grants ${granted.join(', ')}, ` +
        `beyond what the action does (${CODEDEPLOY_ACTION_ACTIONS.join(', ')}) on this template's roles`,
    ),
  ];
}

/**
 * A role of this account that the template does not create (or any account's, or a pattern): the deploy path's
 * bootstrap roles are among them. Another account's role is that account's to trust or not.
 */
function accountRoleOutsideTemplate(resource: JsonValue, stack: AssemblyStack): boolean {
  if (ownRole(resource, stack)) return false;
  const arn = parseArn(textOf(resource));
  if (arn === undefined) return true;
  return arn.account === '*' || arn.account === '' || isOwnAccount(arn.account, stack.environment.account);
}

/**
 * The logical id of the role a policy's `Roles` entry names: a `Ref`, or the name CDK cuts out of the role's ARN
 * (`Fn::Select [1, Fn::Split ['/', Fn::Select [5, Fn::Split [':', Fn::GetAtt [Role, Arn]]]]]`), exactly.
 */
function roleReference(value: JsonValue): string | undefined {
  const ref = refTarget(value);
  if (ref !== undefined) return ref;
  const select = (v: JsonValue | undefined, index: number, separator: string): JsonValue | undefined => {
    const args = asList(asObject(v)?.['Fn::Select']);
    const split = asList(asObject(args[1])?.['Fn::Split']);
    return args[0] === index && split[0] === separator ? split[1] : undefined;
  };
  const target = getAttTarget(select(select(value, 1, '/'), 5, ':'));
  return target?.attribute === 'Arn' ? target.logicalId : undefined;
}

/** A role of this template, named by a token for it. */
function ownRole(resource: JsonValue, stack: AssemblyStack): boolean {
  const id = ownResourceToken(textOf(resource), stack);
  return id !== undefined && stack.template.Resources[id]?.Type === 'AWS::IAM::Role';
}

/** The CodeDeploy action role of the environment of a stack named `<app>-<env>-<name>`. */
function codeDeployActionRoleOf(stack: AssemblyStack): string | undefined {
  const region = stack.environment.region;
  const cut = stack.stackName.lastIndexOf('-');
  if (region === undefined || cut <= 0) return undefined;
  return codeDeployActionRoleName(stack.stackName.slice(0, cut), region);
}
