import { rotationOf } from '../../handoff/cache-rotation-user';
import { roleOf } from '../../handoff/function-roles';
import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import { allowsAction, roleStatements, type PolicyStatement } from '../policy';
import { errorAt, type RuleFinding } from '../rule';
import { parseArn, resourcesOfType, textOf, type ResourceRef } from '../template-values';
import { isOwnAccount } from './own-account';

/**
 * ElastiCache actions that change who may connect to a cache: its users (their passwords, access strings and
 * authentication mode), the user groups a cache admits, and a cache's own AUTH token, user groups and security groups
 * (ModifyReplicationGroup, ModifyCacheCluster, ModifyServerlessCache), the legacy cache security groups' ingress, and
 * copies of a cache's data that another cache, bucket or region would serve under rules of its own.
 * ModifyUser acts on a user (`arn:…:elasticache:<region>:<account>:user:<UserId>`), the others on a user, user group,
 * cluster, replication group or security group (ElastiCache User Guide, "ElastiCache API permissions: Actions,
 * resources, and conditions reference"), so a grant of ModifyUser on one user's ARN changes that user only.
 */
export const CACHE_ACCESS_CHANGES: readonly string[] = [
  'elasticache:CreateUser',
  'elasticache:ModifyUser',
  'elasticache:DeleteUser',
  'elasticache:CreateUserGroup',
  'elasticache:ModifyUserGroup',
  'elasticache:DeleteUserGroup',
  'elasticache:ModifyReplicationGroup',
  'elasticache:ModifyServerlessCache',
  'elasticache:ModifyCacheCluster',
  'elasticache:AuthorizeCacheSecurityGroupIngress',
  // A copy of the cache's data under rules of the copier's choosing: a cache restored from its snapshot, a snapshot
  // exported to a bucket, a global datastore's secondary in another region.
  'elasticache:CreateReplicationGroup',
  'elasticache:CreateServerlessCache',
  'elasticache:CreateCacheCluster',
  'elasticache:CopySnapshot',
  'elasticache:CopyServerlessCacheSnapshot',
  'elasticache:ExportServerlessCacheSnapshot',
  'elasticache:CreateGlobalReplicationGroup',
  'elasticache:ModifyGlobalReplicationGroup',
];
/** What the tool's cache rotation function does (pipeline/environment/data/cache-rotation.ts): one user's passwords. */
const CACHE_PASSWORD_CHANGE = 'elasticache:ModifyUser';

/**
 * Actions that change, at run time, who may act in the account or reach its data: IAM identities and their policies,
 * resource policies, ACLs and public access, shares of snapshots and images, security group rules, and who may
 * connect to a cache (CACHE_ACCESS_CHANGES). A role of a protected stack that holds one lets code the approver never
 * reads (a function's, a task's) undo what Verify judged in the template, after the approval.
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
  // Rewrites an existing rule's source, port or destination (EC2 API: ModifySecurityGroupRules).
  'ec2:ModifySecurityGroupRules',
  ...CACHE_ACCESS_CHANGES,
];

/** Security group rules may change only on the template's own VPC's default group (CDK's restriction of it). */
const SECURITY_GROUP_RULES = new Set([
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:ModifySecurityGroupRules',
]);

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
    const rotated = needed === 'lambda.amazonaws.com' ? rotatedUsers(role, stack) : new Set<string>();
    const held = PERMISSION_CHANGES.filter(
      (action) =>
        !(needed !== undefined && SERVICE_NEEDS[needed]?.includes(action)) && holds(statements, action, stack, rotated),
    );
    if (held.length === 0) return [];
    const cache = held.some((action) => CACHE_ACCESS_CHANGES.includes(action));
    return [
      errorAt(
        role,
        `role '${role.logicalId}' may ${held.join(', ')}: code that runs as it (a function's, a task's) could change ` +
          "at run time who may act in the account or reach its data, after the approval and out of Verify's sight; " +
          'grant it what it uses instead' +
          (cache
            ? ` (only a rotation function's role may change an ElastiCache user, by ${CACHE_PASSWORD_CHANGE} on the ` +
              'users whose passwords are exactly the secrets its schedules rotate)'
            : ''),
      ),
    ];
  });
}

/**
 * As `allowsAction`, without the Allow statements that only touch the template's own VPC's default group, or only
 * change the passwords of `rotatedUsers` (the users whose passwords the role's rotation functions rotate).
 */
function holds(
  statements: readonly PolicyStatement[],
  action: string,
  stack: AssemblyStack,
  rotatedUsers: ReadonlySet<string>,
): boolean {
  const only = (s: PolicyStatement, resource: (r: JsonValue) => boolean) =>
    s.effect === 'Allow' && s.resources.length > 0 && s.resources.every(resource);
  const onDefaultGroup = (s: PolicyStatement) =>
    SECURITY_GROUP_RULES.has(action) && only(s, (r) => isDefaultGroup(r, stack));
  const onRotatedUser = (s: PolicyStatement) =>
    action === CACHE_PASSWORD_CHANGE && only(s, (r) => isUserOf(r, rotatedUsers, stack));
  return allowsAction(
    statements.filter((s) => !onDefaultGroup(s) && !onRotatedUser(s)),
    action,
  );
}

/**
 * The UserIds of the ElastiCache users a role's functions rotate the passwords of: for each function of the template
 * that runs with the role, the users whose passwords are exactly the secrets the schedules using it rotate
 * (core/handoff/cache-rotation-user.ts). Verify holds such a function to the tool's cache-rotation bundle and its
 * CACHE_USER_ID to that user (core/handoff/tool-functions.ts), and no other function to its role.
 */
function rotatedUsers(role: ResourceRef, stack: AssemblyStack): Set<string> {
  const resources = stack.template.Resources;
  return new Set(
    resourcesOfType(stack, 'AWS::Lambda::Function')
      .filter((fn) => roleOf(fn.resource.Properties.Role, resources) === role.logicalId)
      .flatMap((fn) => rotationOf(fn.logicalId, resources).users.map((user) => user.userId)),
  );
}

/** `arn:…:elasticache:<the stack's region>:<its account>:user:<UserId>` for one of `users`, no wildcard in it. */
function isUserOf(resource: JsonValue, users: ReadonlySet<string>, stack: AssemblyStack): boolean {
  const text = textOf(resource);
  const arn = parseArn(text);
  const user = /^user:([A-Za-z][A-Za-z0-9-]*)$/.exec(arn?.resource ?? '')?.[1];
  return (
    arn !== undefined &&
    !/[*?]/.test(text) &&
    arn.service === 'elasticache' &&
    (arn.region === '${AWS::Region}' || arn.region === stack.environment.region) &&
    isOwnAccount(arn.account, stack.environment.account) &&
    user !== undefined &&
    users.has(user)
  );
}

/**
 * The one service principal a trust policy admits, when it admits nothing else: a statement for an account, a role or
 * a federated principal (beside the service, or instead of it) makes it undefined.
 */
function onlyAssumedBy(document: JsonValue | undefined): string | undefined {
  const principals = asList(asObject(document)?.Statement).map((statement) => asObject(asObject(statement)?.Principal));
  const services = principals.flatMap((p) =>
    p && Object.keys(p).length === 1 && p.Service !== undefined ? asList(p.Service).map(textOf) : ['?'],
  );
  return services.length > 0 && services.every((s) => s === services[0]) ? services[0] : undefined;
}

/** `arn:…:security-group/${Vpc.DefaultSecurityGroup}` for a VPC of this template. */
function isDefaultGroup(resource: JsonValue, stack: AssemblyStack): boolean {
  const match = /:security-group\/\$\{([A-Za-z0-9]+)\.DefaultSecurityGroup\}$/.exec(textOf(resource));
  return match !== null && stack.template.Resources[match[1]]?.Type === 'AWS::EC2::VPC';
}
