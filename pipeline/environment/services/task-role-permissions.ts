import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TaskRolePermissions } from '../../../model/config/task-role-permissions';
import { acknowledgeWildcards } from '../../policy/acknowledge';

/**
 * The task role's own permissions from the configuration (`permissions:`): each statement as written, and the
 * named customer managed policies of the environment's account. Validation already refused wildcard actions,
 * '*' resources, AWS managed policies and the services that hand out identities.
 */
export function grantConfiguredPermissions(role: iam.IRole, permissions: TaskRolePermissions | undefined): void {
  if (!permissions) return;
  for (const statement of permissions.statements) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: statement.sid,
        actions: statement.actions,
        resources: statement.resources.map(inEnvironment),
        conditions: statement.conditions,
      }),
    );
  }
  // A pattern such as arn:aws:s3:::uploads/* is how IAM names the objects under a prefix; account, region and
  // service stay fixed, and the application's repository reviews each one in its configuration.
  const patterns = permissions.statements.flatMap((s) => s.resources.filter((r) => r.includes('*')));
  if (patterns.length > 0) {
    acknowledgeWildcards(
      role,
      "A resource pattern the application's configuration names (permissions.statements); validation refuses " +
        "wildcard actions and '*' alone.",
      [...new Set(patterns)].map((resource) => ({ resource: inEnvironment(resource) })),
    );
  }
  permissions.managedPolicies.forEach((name) => {
    role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyName(role, `ManagedPolicy-${name}`, name));
  });
}

/** ${AWS::Region}, ${AWS::AccountId} and ${AWS::Partition} in a configured ARN become the environment's own. */
function inEnvironment(arn: string): string {
  return arn.includes('${') ? Fn.sub(arn) : arn;
}
