import type { JsonValue } from '../../../../core/preflight/json-value';
import { stackOutputCreateOnly } from '../../../../core/preflight/rules/stack-output-create-only';
import { assemblyOf, resource, runRule, stack } from '../harness';

const CERTIFICATE_OUTPUT = {
  'Fn::GetStackOutput': { StackName: 'prod-Certificates', OutputName: 'CertificateArn', Region: 'us-east-1' },
};
const SUBNET_OUTPUT = { 'Fn::GetStackOutput': { StackName: 'network', OutputName: 'PrivateSubnet1' } };

const check = (type: string, properties: Record<string, JsonValue>) =>
  runRule(
    stackOutputCreateOnly,
    assemblyOf(
      stack('prod-Service', { resources: { Thing: resource(type, properties, 'prod/Service/Thing/Resource') } }),
    ),
  );

describe('stack-output-create-only', () => {
  test.each<[string, string, Record<string, JsonValue>]>([
    [
      "the frontend's us-east-1 certificate on a distribution (ViewerCertificate can be updated)",
      'AWS::CloudFront::Distribution',
      {
        DistributionConfig: {
          Enabled: true,
          ViewerCertificate: { AcmCertificateArn: CERTIFICATE_OUTPUT, SslSupportMethod: 'sni-only' },
        },
      },
    ],
    [
      'a listener certificate (Certificates can be updated)',
      'AWS::ElasticLoadBalancingV2::Listener',
      {
        Certificates: [{ CertificateArn: CERTIFICATE_OUTPUT }],
        Port: 443,
      },
    ],
    [
      'a create-only property with a value known at synth time',
      'AWS::RDS::DBSubnetGroup',
      {
        DBSubnetGroupName: 'prod-db',
        SubnetIds: [SUBNET_OUTPUT],
      },
    ],
    ['a custom resource (no schema to judge by)', 'Custom::Thing', { Name: SUBNET_OUTPUT }],
  ])('compliant: %s', (_case, type, properties) => {
    expect(check(type, properties)).toEqual([]);
  });

  test('non-compliant: a create-only property taking the output directly is an error naming the resource, the property and the fix', () => {
    const findings = check('AWS::EFS::MountTarget', { FileSystemId: 'fs-1', SubnetId: SUBNET_OUTPUT });

    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'stack-output-create-only',
        severity: 'error',
        stackName: 'prod-Service',
        logicalId: 'Thing',
        constructPath: 'prod/Service/Thing/Resource',
      }),
    ]);
    expect(findings[0].message).toBe(
      "Properties.SubnetId of AWS::EFS::MountTarget takes Fn::GetStackOutput (output 'PrivateSubnet1' of stack 'network'), " +
        'and Properties.SubnetId is create-only: CloudFormation resolves the output only when the change set executes, ' +
        'so it plans to replace the resource on every update. Give the value at synth time instead (an SSM parameter ' +
        'or context value read when synthesizing, or configuration), or take the output in a property that can be updated',
    );
  });

  test.each<[string, string, Record<string, JsonValue>, string]>([
    [
      'inside Fn::Join',
      'AWS::RDS::DBInstance',
      { DBInstanceIdentifier: { 'Fn::Join': ['-', ['prod', SUBNET_OUTPUT]] } },
      'Properties.DBInstanceIdentifier',
    ],
    [
      'inside Fn::If',
      'AWS::EC2::SecurityGroup',
      { VpcId: { 'Fn::If': ['UseShared', SUBNET_OUTPUT, 'vpc-1'] }, GroupDescription: 'x' },
      'Properties.VpcId',
    ],
    [
      'deep inside a create-only list of objects',
      'AWS::ECS::TaskDefinition',
      { Volumes: [{ Name: 'files', EFSVolumeConfiguration: { FilesystemId: SUBNET_OUTPUT } }] },
      'Properties.Volumes.EFSVolumeConfiguration.FilesystemId',
    ],
    [
      'as a whole object holding create-only properties (RootDirectory.Path)',
      'AWS::EFS::AccessPoint',
      { FileSystemId: 'fs-1', RootDirectory: SUBNET_OUTPUT },
      'Properties.RootDirectory',
    ],
  ])('non-compliant: the output %s', (_case, type, properties, property) => {
    const findings = check(type, properties);

    expect(findings).toEqual([expect.objectContaining({ severity: 'error', logicalId: 'Thing' })]);
    expect(findings[0].message).toContain(`${property} of ${type} takes Fn::GetStackOutput`);
  });

  test('warning: a conditionally create-only property (RDS MultiAZ) may be replaced', () => {
    const findings = check('AWS::RDS::DBInstance', { MultiAZ: SUBNET_OUTPUT });

    expect(findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findings[0].message).toContain('is create-only under some conditions');
  });

  test('warning: an AWS type the table does not know cannot be judged, and the message says how to regenerate it', () => {
    const findings = check('AWS::Made::Up', { Anything: SUBNET_OUTPUT });

    expect(findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findings[0].message).toContain('scripts/write-create-only-properties.ts');
  });

  test('reports each create-only use of one resource, and only those', () => {
    const findings = check('AWS::RDS::DBSubnetGroup', {
      DBSubnetGroupName: SUBNET_OUTPUT,
      DBSubnetGroupDescription: SUBNET_OUTPUT,
      SubnetIds: [SUBNET_OUTPUT],
    });

    expect(findings.map((f) => f.message.split(' of ')[0])).toEqual(['Properties.DBSubnetGroupName']);
  });
});
