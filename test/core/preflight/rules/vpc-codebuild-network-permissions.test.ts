import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { vpcCodebuildNetworkPermissions } from '../../../../core/preflight/rules/vpc-codebuild-network-permissions';
import {
  assemblyOf,
  attachedPolicy,
  getAtt,
  inlinePolicy,
  ref,
  resource,
  role,
  runRule,
  severities,
  stack,
  statement,
} from '../harness';

const DESCRIBE = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
];
const PERMISSION = 'ec2:CreateNetworkInterfacePermission';

function vpcProject(properties: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::CodeBuild::Project',
    {
      ServiceRole: getAtt('ProjectRole'),
      Source: { Type: 'NO_SOURCE', BuildSpec: '{}' },
      Environment: {
        Image: 'aws/codebuild/standard:7.0',
        Type: 'LINUX_CONTAINER',
        ComputeType: 'BUILD_GENERAL1_SMALL',
      },
      VpcConfig: { VpcId: ref('Vpc'), Subnets: [ref('Subnet1')], SecurityGroupIds: [ref('Sg')] },
      ...properties,
    },
    'prod/Service/IntegrationGate/Suite/Resource',
  );
}

const check = (resources: Record<string, TemplateResource>) =>
  runRule(vpcCodebuildNetworkPermissions, assemblyOf(stack('service', { resources })));

describe('vpc-codebuild-network-permissions', () => {
  test('compliant: the CDK-style attached policy with every action', () => {
    const resources = {
      Project: vpcProject(),
      ProjectRole: role(),
      ProjectPolicy: attachedPolicy(
        'ProjectRole',
        statement(DESCRIBE),
        statement(PERMISSION, {
          'Fn::Join': ['', ['arn:aws:ec2:eu-west-1:111111111111:network-interface/*']],
        }),
      ),
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: ec2:* inline', () => {
    expect(check({ Project: vpcProject(), ProjectRole: role(inlinePolicy(statement('ec2:*'))) })).toEqual([]);
  });

  test('compliant: a project outside any VPC needs nothing', () => {
    const project = vpcProject();
    const withoutVpc: TemplateResource = {
      ...project,
      Properties: { ...project.Properties, VpcConfig: {} },
    };
    expect(check({ Project: withoutVpc, ProjectRole: role() })).toEqual([]);
  });

  test('non-compliant: a role without CreateNetworkInterfacePermission is an error naming it', () => {
    const findings = check({ Project: vpcProject(), ProjectRole: role(inlinePolicy(statement(DESCRIBE))) });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Project',
        constructPath: 'prod/Service/IntegrationGate/Suite/Resource',
      }),
    ]);
    expect(findings[0].message).toContain(PERMISSION);
    expect(findings[0].message).not.toContain('ec2:DescribeVpcs');
  });

  test('non-compliant: a role with only the Lambda ENI actions is an error', () => {
    const lambdaLike = statement([
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DeleteNetworkInterface',
    ]);
    const findings = check({ Project: vpcProject(), ProjectRole: role(inlinePolicy(lambdaLike)) });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('ec2:DescribeDhcpOptions');
  });

  test('warning: an imported service role cannot be checked', () => {
    const project = vpcProject({ ServiceRole: 'arn:aws:iam::111111111111:role/imported' });
    expect(severities(check({ Project: project }))).toEqual(['warning']);
  });
});
