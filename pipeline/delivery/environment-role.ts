import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A role of an environment account that a pipeline action runs as, imported by ARN. The pipeline stack is
 * deployed before any environment exists, and a bucket or key policy that names a role which does not exist
 * yet is refused ("invalid principal"). So the grants the action adds to the artifact bucket and key name the
 * environment account, narrowed to this role by `aws:PrincipalArn`, instead of the role itself.
 */
export function environmentRole(scope: Construct, id: string, roleArn: string): iam.IRole {
  const role = iam.Role.fromRoleArn(scope, id, roleArn, { mutable: false });
  const account = roleArn.split(':')[4];
  const grantPrincipal = new iam.AccountPrincipal(account).withConditions({
    ArnEquals: { 'aws:PrincipalArn': roleArn },
  });
  return new Proxy(role, {
    get: (target, property, receiver) =>
      property === 'grantPrincipal' ? grantPrincipal : Reflect.get(target, property, receiver),
  });
}
