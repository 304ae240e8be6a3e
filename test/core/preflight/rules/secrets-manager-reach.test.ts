import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { secretsManagerReach } from '../../../../core/preflight/rules/secrets-manager-reach';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

/** A VPC with one subnet, its route table, and (optionally) a default route through a NAT gateway. */
function network(nat: boolean): Record<string, TemplateResource> {
  return {
    Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
    Subnet1: resource('AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24' }),
    Table1: resource('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
    Assoc1: resource('AWS::EC2::SubnetRouteTableAssociation', {
      SubnetId: ref('Subnet1'),
      RouteTableId: ref('Table1'),
    }),
    ...(nat
      ? {
          Default1: resource('AWS::EC2::Route', {
            RouteTableId: ref('Table1'),
            DestinationCidrBlock: '0.0.0.0/0',
            NatGatewayId: ref('Nat'),
          }),
        }
      : {}),
  };
}

const endpoint = resource('AWS::EC2::VPCEndpoint', {
  VpcId: ref('Vpc'),
  VpcEndpointType: 'Interface',
  ServiceName: 'com.amazonaws.eu-west-1.secretsmanager',
});

function hostedSchedule(hosted: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::SecretsManager::RotationSchedule',
    {
      SecretId: ref('Secret'),
      HostedRotationLambda: {
        RotationType: 'MySQLSingleUser',
        VpcSubnetIds: { 'Fn::Join': [',', [ref('Subnet1')]] },
        VpcSecurityGroupIds: { 'Fn::GetAtt': ['RotationSg', 'GroupId'] },
        ...hosted,
      },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    },
    'prod/Data/Database/Secret/RotationSchedule/Resource',
  );
}

const check = (resources: Record<string, TemplateResource>) =>
  runRule(secretsManagerReach, assemblyOf(stack('data', { resources })));

describe('secrets-manager-reach', () => {
  test('compliant: hosted rotation in a subnet with a NAT route', () => {
    expect(check({ ...network(true), Schedule: hostedSchedule() })).toEqual([]);
  });

  test('compliant: isolated subnet, but a secretsmanager interface endpoint in the VPC', () => {
    expect(check({ ...network(false), Endpoint: endpoint, Schedule: hostedSchedule() })).toEqual([]);
  });

  test('compliant: a rotation function outside any VPC', () => {
    const schedule = resource('AWS::SecretsManager::RotationSchedule', {
      SecretId: ref('Secret'),
      HostedRotationLambda: { RotationType: 'PostgreSQLSingleUser' },
    });
    expect(check({ Schedule: schedule })).toEqual([]);
  });

  test('compliant: the CDK SecretRotation application given an endpoint', () => {
    const app = resource('AWS::Serverless::Application', {
      Location: {
        ApplicationId:
          'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser',
      },
      Parameters: { vpcSubnetIds: { 'Fn::Join': [',', [ref('Subnet1')]] }, endpoint: 'https://secretsmanager.example' },
    });
    const schedule = resource('AWS::SecretsManager::RotationSchedule', {
      SecretId: ref('Secret'),
      RotationLambdaARN: getAtt('RotationApp', 'Outputs.RotationLambdaARN'),
    });
    expect(check({ ...network(false), RotationApp: app, Schedule: schedule })).toEqual([]);
  });

  test('non-compliant: hosted rotation in an isolated subnet without an endpoint warns', () => {
    const findings = check({ ...network(false), Schedule: hostedSchedule() });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        logicalId: 'Schedule',
        constructPath: 'prod/Data/Database/Secret/RotationSchedule/Resource',
      }),
    ]);
    expect(findings[0].message).toContain('Subnet1');
  });

  test('non-compliant: a rotation Lambda function in an isolated subnet warns', () => {
    const fn = resource('AWS::Lambda::Function', { VpcConfig: { SubnetIds: [ref('Subnet1')], SecurityGroupIds: [] } });
    const schedule = resource('AWS::SecretsManager::RotationSchedule', {
      SecretId: ref('Secret'),
      RotationLambdaARN: getAtt('RotationFn'),
    });
    expect(severities(check({ ...network(false), RotationFn: fn, Schedule: schedule }))).toEqual(['warning']);
  });

  test('non-compliant: a default route to an internet gateway does not count (functions get no public IP)', () => {
    const resources = {
      ...network(false),
      Igw: resource('AWS::EC2::Route', {
        RouteTableId: ref('Table1'),
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: ref('Gw'),
      }),
      Schedule: hostedSchedule(),
    };
    expect(severities(check(resources))).toEqual(['warning']);
  });

  test('warning: imported subnet ids cannot be followed', () => {
    const schedule = hostedSchedule({ VpcSubnetIds: 'subnet-0123,subnet-4567' });
    const findings = check({ Schedule: schedule });
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0].message).toContain('cannot see');
  });

  describe('a function in a VPC whose role may read a secret', () => {
    const role = resource('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
    });
    const policy = (action: string) =>
      resource('AWS::IAM::Policy', {
        PolicyName: 'p',
        Roles: [ref('FnRole')],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: action, Resource: ref('Secret') }] },
      });
    const fn = resource('AWS::Lambda::Function', {
      Role: getAtt('FnRole', 'Arn'),
      VpcConfig: { SubnetIds: [ref('Subnet1')], SecurityGroupIds: [] },
    });

    test('warns in isolated subnets without an endpoint, naming the function', () => {
      const findings = check({
        ...network(false),
        FnRole: role,
        FnPolicy: policy('secretsmanager:GetSecretValue'),
        Fn: fn,
      });
      expect(findings).toEqual([expect.objectContaining({ severity: 'warning', logicalId: 'Fn' })]);
      expect(findings[0].message).toContain('the function runs in subnets without a NAT route (Subnet1)');
    });

    test('passes with a NAT route, or with an endpoint', () => {
      const reader = { FnRole: role, FnPolicy: policy('secretsmanager:GetSecretValue'), Fn: fn };
      expect(check({ ...network(true), ...reader })).toEqual([]);
      expect(check({ ...network(false), Endpoint: endpoint, ...reader })).toEqual([]);
    });

    test('does not judge a function whose role reads no secret', () => {
      expect(check({ ...network(false), FnRole: role, FnPolicy: policy('s3:GetObject'), Fn: fn })).toEqual([]);
    });

    test('judges a rotation function once, as the rotation', () => {
      const schedule = resource('AWS::SecretsManager::RotationSchedule', {
        SecretId: ref('Secret'),
        RotationLambdaARN: getAtt('Fn', 'Arn'),
      });
      const findings = check({
        ...network(false),
        FnRole: role,
        FnPolicy: policy('secretsmanager:*'),
        Fn: fn,
        Schedule: schedule,
      });
      expect(findings.map((f) => f.logicalId)).toEqual(['Schedule']);
      expect(findings[0].message).toContain('the rotation function');
    });
  });
});
