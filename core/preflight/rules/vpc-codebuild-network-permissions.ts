import { asList, asObject, type JsonValue } from '../json-value';
import { roleMustAllow } from '../role-must-allow';
import type { Rule } from '../rule';
import { resourcesOfType } from '../template-values';

/** What CodeBuild needs to place a VPC build's network interface (CodeBuild user guide, VPC network interface policy). */
export const CODEBUILD_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
  'ec2:CreateNetworkInterfacePermission',
];

/** A CodeBuild project in a VPC must have a service role that can create the build's network interface. */
export const vpcCodebuildNetworkPermissions: Rule = {
  id: 'vpc-codebuild-network-permissions',
  severity: 'error',
  title: 'VPC CodeBuild projects need network-interface permissions',
  awsBehaviour:
    'CodeBuild creates the network interface of a VPC build with the project service role; without ' +
    CODEBUILD_VPC_ACTIONS.join(', ') +
    ' the build fails in its PROVISIONING phase (or the project cannot be created).',
  docUrl:
    'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface',
  check: (assembly) =>
    roleMustAllow(assembly, {
      resources: assembly.stacks
        .flatMap((stack) => resourcesOfType(stack, 'AWS::CodeBuild::Project'))
        .filter((project) => inVpc(project.resource.Properties.VpcConfig)),
      roleOf: (project) => project.resource.Properties.ServiceRole,
      actions: CODEBUILD_VPC_ACTIONS,
      unresolved: (role) =>
        `cannot check the service role '${role}': it is not defined in the assembly; make sure it grants ${CODEBUILD_VPC_ACTIONS.join(', ')}`,
      lacking: (role, missing) =>
        `the project builds in a VPC but its service role '${role}' does not allow ${missing.join(', ')}: ` +
        'grant them (ec2:CreateNetworkInterfacePermission on network-interface/* of the account) or builds fail to start',
    }),
};

/** A VpcConfig with a VpcId and subnets puts the builds in the VPC. */
function inVpc(vpcConfig: JsonValue | undefined): boolean {
  const config = asObject(vpcConfig);
  if (config === undefined || config.VpcId === undefined) return false;
  const subnets = config.Subnets;
  return subnets !== undefined && (!Array.isArray(subnets) || asList(subnets).length > 0);
}
