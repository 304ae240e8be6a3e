import type { JsonObject } from '../../../../core/preflight/json-value';
import { vpcFunctionEniPermissions } from '../../../../core/preflight/rules/vpc-function-eni-permissions';
import {
  assemblyOf,
  attachedPolicy,
  getAtt,
  inlinePolicy,
  partitionArn,
  resource,
  role,
  runRule,
  severities,
  stack,
  statement,
} from '../harness';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';

const ENI = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

function vpcFunction(properties: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::Lambda::Function',
    {
      Role: getAtt('FnRole'),
      VpcConfig: { SubnetIds: [{ Ref: 'Subnet1' }], SecurityGroupIds: [] },
      ...properties,
    },
    'env/Hook/Function/Resource',
  );
}

const check = (resources: Record<string, TemplateResource>) =>
  runRule(vpcFunctionEniPermissions, assemblyOf(stack('env', { resources })));

describe('vpc-function-eni-permissions', () => {
  test.each([
    [
      'the VPC access managed policy (Fn::Join with the partition)',
      {
        FnRole: role({
          ManagedPolicyArns: [partitionArn(':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole')],
        }),
      },
    ],
    [
      'the ENI management managed policy (Fn::Sub)',
      {
        FnRole: role({
          ManagedPolicyArns: [
            { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaENIManagementAccess' },
          ],
        }),
      },
    ],
    ['an inline policy with ec2:*', { FnRole: role(inlinePolicy(statement('ec2:*'))) }],
    ['an attached AWS::IAM::Policy', { FnRole: role(), FnPolicy: attachedPolicy('FnRole', statement(ENI)) }],
  ])('compliant: the role gets the ENI actions from %s', (_name, resources) => {
    expect(check({ Fn: vpcFunction(), ...resources })).toEqual([]);
  });

  test('compliant: a function outside any VPC needs nothing', () => {
    expect(check({ Fn: vpcFunction({ VpcConfig: { SubnetIds: [] } }), FnRole: role() })).toEqual([]);
  });

  test('non-compliant: a role with only some of the actions is an error naming the missing ones', () => {
    const findings = check({
      Fn: vpcFunction(),
      FnRole: role(inlinePolicy(statement(['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces']))),
    });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', logicalId: 'Fn', constructPath: 'env/Hook/Function/Resource' }),
    ]);
    expect(findings[0].message).toContain(
      'ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses, ec2:UnassignPrivateIpAddresses',
    );
    expect(findings[0].message).not.toContain('ec2:CreateNetworkInterface,');
  });

  test('non-compliant: the basic execution role alone is an error', () => {
    const basic = partitionArn(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect(severities(check({ Fn: vpcFunction(), FnRole: role({ ManagedPolicyArns: [basic] }) }))).toEqual(['error']);
  });

  test('non-compliant: a Deny on * takes the grant away', () => {
    const resources = {
      Fn: vpcFunction(),
      FnRole: role(inlinePolicy(statement('ec2:*'), statement('ec2:DeleteNetworkInterface', '*', 'Deny'))),
    };
    expect(severities(check(resources))).toEqual(['error']);
  });

  test('warning: a role that is not in the template cannot be checked', () => {
    const findings = check({ Fn: vpcFunction({ Role: 'arn:aws:iam::111111111111:role/imported' }) });
    expect(severities(findings)).toEqual(['warning']);
  });
});
