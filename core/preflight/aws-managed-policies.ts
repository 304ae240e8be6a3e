import { VPC_FUNCTION_ACTIONS } from '../../model/vpc-function-actions';

/**
 * The actions of the AWS managed policies the rules need to see through, by policy name. Only what the
 * rules ask about is listed; a managed policy that is not here grants nothing as far as preflight knows.
 */
const MANAGED_POLICY_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html
  AWSLambdaVPCAccessExecutionRole: [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    ...VPC_FUNCTION_ACTIONS,
  ],
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaENIManagementAccess.html
  AWSLambdaENIManagementAccess: VPC_FUNCTION_ACTIONS,
};

/** The actions of a managed policy named by its ARN text (`arn:${AWS::Partition}:iam::aws:policy/service-role/X`). */
export function managedPolicyActions(arnText: string): readonly string[] {
  if (!/:iam::aws:policy\//.test(arnText)) return [];
  const name = arnText.slice(arnText.lastIndexOf('/') + 1);
  return MANAGED_POLICY_ACTIONS[name] ?? [];
}
