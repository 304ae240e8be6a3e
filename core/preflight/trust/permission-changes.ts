import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import { allowsAction, roleStatements, type PolicyStatement } from '../policy';
import { errorAt, type RuleFinding } from '../rule';
import { resourcesOfType, textOf } from '../template-values';

/**
 * Actions that change, at run time, who may act in the account or reach its data: IAM identities and their policies,
 * resource policies, ACLs and public access, shares of snapshots and images, and security group rules. A role of a
 * protected stack that holds one lets code the approver never reads (a function's, a task's) undo what Verify judged
 * in the template, after the approval.
 */
export const PERMISSION_CHANGES: readonly string[] = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:PutUserPolicy',
  'iam:AttachUserPolicy',
  'iam:AddUserToGroup',
  'iam:PutGroupPolicy',
  'iam:AttachGroupPolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutBucketPublicAccessBlock',
  's3:PutAccountPublicAccessBlock',
  's3:PutReplicationConfiguration',
  'secretsmanager:PutResourcePolicy',
  'lambda:AddPermission',
  'lambda:AddLayerVersionPermission',
  'ecr:SetRepositoryPolicy',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
  'logs:PutResourcePolicy',
  'logs:PutSubscriptionFilter',
  'events:PutPermission',
  'events:PutTargets',
  'backup:PutBackupVaultAccessPolicy',
  'elasticfilesystem:PutFileSystemPolicy',
  'ram:CreateResourceShare',
  'ram:AssociateResourceShare',
  'rds:ModifyDBSnapshotAttribute',
  'rds:ModifyDBClusterSnapshotAttribute',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
];

/** Security group rules may change only on the template's own VPC's default group (CDK's restriction of it). */
const SECURITY_GROUP_RULES = new Set(['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress']);

/**
 * What a service documents its own role needs, for a role only that service assumes: a state machine's logging
 * sets up log delivery, which needs logs:PutResourcePolicy on `*`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy). The state machine runs
 * its definition, which is in the template, not code from elsewhere.
 */
const SERVICE_NEEDS: Readonly<Record<string, readonly string[]>> = {
  'states.amazonaws.com': ['logs:PutResourcePolicy'],
};

/** Every role of a protected environment's stack that may change permissions at run time, each action named. */
export function permissionChanges(stack: AssemblyStack): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::IAM::Role').flatMap((role): RuleFinding[] => {
    const statements = roleStatements(role);
    const needed = onlyAssumedBy(role.resource.Properties.AssumeRolePolicyDocument);
    const held = PERMISSION_CHANGES.filter(
      (action) =>
        !(needed !== undefined && SERVICE_NEEDS[needed]?.includes(action)) && holds(statements, action, stack),
    );
    if (held.length === 0) return [];
    return [
      errorAt(
        role,
        `role '${role.logicalId}' may ${held.join(', ')}: code that runs as it (a function's, a task's) could change ` +
          "at run time who may act in the account or reach its data, after the approval and out of Verify's sight; " +
          'grant it what it uses instead',
      ),
    ];
  });
}

/** As `allowsAction`, without the Allow statements that only touch the template's own VPC's default group. */
function holds(statements: readonly PolicyStatement[], action: string, stack: AssemblyStack): boolean {
  const onDefaultGroup = (s: PolicyStatement) =>
    SECURITY_GROUP_RULES.has(action) &&
    s.effect === 'Allow' &&
    s.resources.length > 0 &&
    s.resources.every((r) => isDefaultGroup(r, stack));
  return allowsAction(
    statements.filter((s) => !onDefaultGroup(s)),
    action,
  );
}

/** The one service principal a trust policy admits, when it admits nothing else. */
function onlyAssumedBy(document: JsonValue | undefined): string | undefined {
  const principals = asList(asObject(document)?.Statement).map((statement) => asObject(asObject(statement)?.Principal));
  const services = principals.flatMap((p) =>
    p && Object.keys(p).length === 1 ? asList(p.Service).map(textOf) : ['?'],
  );
  return services.length > 0 && services.every((s) => s === services[0]) ? services[0] : undefined;
}

/** `arn:…:security-group/${Vpc.DefaultSecurityGroup}` for a VPC of this template. */
function isDefaultGroup(resource: JsonValue, stack: AssemblyStack): boolean {
  const match = /:security-group\/\$\{([A-Za-z0-9]+)\.DefaultSecurityGroup\}$/.exec(textOf(resource));
  return match !== null && stack.template.Resources[match[1]]?.Type === 'AWS::EC2::VPC';
}
