import * as iam from 'aws-cdk-lib/aws-iam';
import { roleArn } from '../../partition';

/**
 * The one pipeline-account role an environment role trusts: the account of the pipeline that deploys the environment
 * (the tools account, or the release account for a protected environment) as principal, narrowed to that role by
 * `aws:PrincipalArn`. Naming the role itself would need it to exist first (IAM refuses a trust policy on a role
 * that does not exist yet), and the tools account alone would admit any principal there.
 */
export function pipelineRolePrincipal(
  pipelineAccount: string,
  pipelineRegion: string,
  roleName: string,
): iam.IPrincipal {
  return new iam.AccountPrincipal(pipelineAccount).withConditions({
    ArnEquals: { 'aws:PrincipalArn': roleArn(pipelineRegion, pipelineAccount, roleName) },
  });
}
