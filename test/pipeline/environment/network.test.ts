import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Network } from '../../../pipeline/environment/network';
import { testApp } from '../../support/test-app';
import { fixtureConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN a web service and a worker with a database; staging creates its VPC, prod imports an existing one whose
// subnets the fixture lists out of zone order.
const app = synthesized(fixtureConfig('existing-network'));
const staging = app.environments.staging;
const prod = app.environments.prod;

type Resources = Record<string, { Properties: Record<string, unknown> }>;
const properties = (type: string) => Object.values(prod.findResources(type) as Resources).map((r) => r.Properties);

const PUBLIC = ['subnet-0a00000000000000a', 'subnet-0b00000000000000b'];
const PRIVATE = ['subnet-0c00000000000000a', 'subnet-0d00000000000000b'];
const ISOLATED = ['subnet-0e00000000000000a', 'subnet-0f00000000000000b'];

test('the environment with an imported VPC creates no VPC, subnet, NAT gateway or address; the other still does', () => {
  for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP']) {
    expect(prod.findResources(type)).toEqual({});
  }
  expect(Object.keys(staging.findResources('AWS::EC2::VPC'))).toHaveLength(1);
});

test('the internet-facing load balancer stands in the public subnets, in zone order', () => {
  const [balancer] = properties('AWS::ElasticLoadBalancingV2::LoadBalancer');
  expect(balancer).toMatchObject({ Scheme: 'internet-facing', Subnets: PUBLIC });
});

test('the web service and the worker run their tasks in the private subnets, without public addresses', () => {
  const services = properties('AWS::ECS::Service');
  expect(services).toHaveLength(2);
  for (const service of services) {
    expect(service.NetworkConfiguration).toEqual({
      AwsvpcConfiguration: expect.objectContaining({ AssignPublicIp: 'DISABLED', Subnets: PRIVATE }),
    });
  }
});

test("the release task (the migration) runs in the private subnets, as the stack's output tells the pipeline", () => {
  const outputs = prod.findOutputs('*') as Record<string, { Value: unknown }>;
  const release = Object.entries(outputs).find(([key]) => key.endsWith('ReleaseSubnets'));
  expect(release?.[1].Value).toBe(PRIVATE.join(','));
});

test('the database subnet group holds the isolated subnets only', () => {
  const [group] = properties('AWS::RDS::DBSubnetGroup');
  expect(group.SubnetIds).toEqual(ISOLATED);
});

test('every Lambda function in the VPC runs in the private subnets of the imported VPC', () => {
  const inVpc = properties('AWS::Lambda::Function').filter((f) => f.VpcConfig !== undefined);
  expect(inVpc.length).toBeGreaterThan(0);
  for (const fn of inVpc) expect((fn.VpcConfig as { SubnetIds: string[] }).SubnetIds).toEqual(PRIVATE);
});

test('security groups belong to the imported VPC', () => {
  const groups = properties('AWS::EC2::SecurityGroup');
  expect(groups.length).toBeGreaterThan(0);
  for (const group of groups) expect(group.VpcId).toBe('vpc-0a1b2c3d4e5f60718');
});

test('a flow log of the imported VPC goes to an encrypted log group, since the config says it has none', () => {
  const [flowLog] = properties('AWS::EC2::FlowLog');
  expect(flowLog).toMatchObject({ ResourceId: 'vpc-0a1b2c3d4e5f60718', ResourceType: 'VPC', TrafficType: 'ALL' });
});

test("the test listener admits the configured NAT addresses (the hook's way in), not the VPC's range", () => {
  const ingress = JSON.stringify(properties('AWS::EC2::SecurityGroup').map((g) => g.SecurityGroupIngress));
  expect(ingress).toContain('198.51.100.10/32');
  expect(ingress).toContain('198.51.100.11/32');
});

test('no flow log is added to an imported VPC whose config says it has its own', () => {
  const stack = new Stack(testApp(), 'Net', { env: { account: '333333333333', region: 'eu-west-1' } });
  const prodConfig = fixtureConfig('existing-network').environments[1];
  new Network(stack, 'Network', {
    cidr: prodConfig.vpcCidr,
    availabilityZones: prodConfig.availabilityZones,
    existing: { ...prodConfig.vpc!, flowLogs: 'existing' },
    logKey: new kms.Key(stack, 'Key'),
    logRetention: logs.RetentionDays.ONE_YEAR,
  });
  expect(Template.fromStack(stack).findResources('AWS::EC2::FlowLog')).toEqual({});
});

describe('a subdomain delegated from a zone of another account', () => {
  const resourcesOf = (type: string) => prod.findResources(type) as Record<string, Record<string, unknown>>;

  test('prod creates its own zone and writes its NS record into the parent zone through the given role', () => {
    const zones = Object.entries(resourcesOf('AWS::Route53::HostedZone'));
    expect(zones.map(([, z]) => (z.Properties as { Name: string }).Name)).toEqual(['prod.example.com.']);
    const [delegation] = Object.values(resourcesOf('Custom::CrossAccountZoneDelegation'));
    expect(delegation.Properties).toMatchObject({
      ParentZoneId: 'Z0123456789ABCDEFGHIJ',
      AssumeRoleArn: 'arn:aws:iam::444444444444:role/example-com-delegation',
      DelegatedZoneName: 'prod.example.com',
    });
  });

  test('the certificate validates in the delegated zone, after the delegation exists', () => {
    const [zoneId] = Object.keys(resourcesOf('AWS::Route53::HostedZone'));
    const [delegationId] = Object.keys(resourcesOf('Custom::CrossAccountZoneDelegation'));
    const [certificate] = Object.values(resourcesOf('AWS::CertificateManager::Certificate'));
    expect(certificate.Properties).toMatchObject({
      DomainName: 'app.prod.example.com',
      DomainValidationOptions: [{ DomainName: 'app.prod.example.com', HostedZoneId: { Ref: zoneId } }],
    });
    expect(certificate.DependsOn).toContain(delegationId);
  });

  test('the alias record goes into the delegated zone, never the parent', () => {
    const [zoneId] = Object.keys(resourcesOf('AWS::Route53::HostedZone'));
    const records = Object.values(resourcesOf('AWS::Route53::RecordSet'));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records)
      expect((record.Properties as { HostedZoneId: unknown }).HostedZoneId).toEqual({ Ref: zoneId });
  });
});
