import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A CodeBuild step's role with a fixed name, so a role in an environment account can trust exactly it
 * (`aws:PrincipalArn`) instead of the whole pipeline account. CodeBuild of this account only may assume it.
 */
export function stepRole(scope: Construct, id: string, roleName: string): iam.Role {
  return new iam.Role(scope, id, {
    roleName,
    assumedBy: codeBuildPrincipal(scope),
  });
}

/** codebuild.amazonaws.com acting for this account: the confused-deputy condition CodeBuild documents. */
export function codeBuildPrincipal(scope: Construct): iam.IPrincipal {
  return new iam.ServicePrincipal('codebuild.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
  });
}
