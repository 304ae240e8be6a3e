import { VPC_FUNCTION_ACTIONS } from '../../../model/vpc-function-actions';
import { asList, asObject } from '../json-value';
import { roleMustAllow } from '../role-must-allow';
import type { Rule } from '../rule';
import { resourcesOfType } from '../template-values';

/** Every Lambda function attached to a VPC must have an execution role that can manage its network interfaces. */
export const vpcFunctionEniPermissions: Rule = {
  id: 'vpc-function-eni-permissions',
  severity: 'error',
  title: 'VPC functions need network-interface permissions',
  awsBehaviour:
    "Lambda creates a VPC function's network interfaces with the function's execution role; without " +
    VPC_FUNCTION_ACTIONS.join(', ') +
    ' CreateFunction fails and the stack rolls back.',
  docUrl: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions',
  check: (assembly) =>
    roleMustAllow(assembly, {
      resources: assembly.stacks
        .flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Function'))
        .filter((fn) => inVpc(fn.resource.Properties.VpcConfig)),
      roleOf: (fn) => fn.resource.Properties.Role,
      actions: VPC_FUNCTION_ACTIONS,
      unresolved: (role) =>
        `cannot check the execution role '${role}': it is not defined in the assembly; make sure it grants ${VPC_FUNCTION_ACTIONS.join(', ')}`,
      lacking: (role, missing) =>
        `the function runs in a VPC but its role '${role}' does not allow ${missing.join(', ')}: ` +
        'attach the managed policy AWSLambdaVPCAccessExecutionRole (or grant these actions) before the function is created',
    }),
};

/** A VpcConfig with subnets attaches the function; an empty one (or none) leaves it outside any VPC. */
function inVpc(vpcConfig: Parameters<typeof asObject>[0]): boolean {
  const subnets = asObject(vpcConfig)?.SubnetIds;
  if (subnets === undefined) return false;
  return !Array.isArray(subnets) || asList(subnets).length > 0;
}
