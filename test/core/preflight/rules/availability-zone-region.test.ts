import { availabilityZoneRegion } from '../../../../core/preflight/rules/availability-zone-region';
import { assemblyOf, resource, runRule, severities, stack } from '../harness';

const subnet = (zone: unknown) =>
  resource('AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: zone as string }, 'S/Net');

test('accepts resources placed in zones of their stack region', () => {
  const assembly = assemblyOf(
    stack('Env', {
      region: 'eu-west-1',
      resources: {
        Subnet: subnet('eu-west-1a'),
        Cache: resource('AWS::ElastiCache::CacheCluster', { PreferredAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      },
    }),
  );
  expect(runRule(availabilityZoneRegion, assembly)).toEqual([]);
});

test('refuses a subnet in a zone of another region, naming the resource, the zone and the region', () => {
  const findings = runRule(
    availabilityZoneRegion,
    assemblyOf(stack('Env', { region: 'eu-west-1', resources: { Subnet: subnet('eu-central-1a') } })),
  );
  expect(severities(findings)).toEqual(['error']);
  expect(findings[0]).toMatchObject({ logicalId: 'Subnet', constructPath: 'S/Net' });
  expect(findings[0].message).toContain(
    "availability zone eu-central-1a, which is not in the stack's region eu-west-1",
  );
});

test('finds zones nested in lists of objects (an Auto Scaling group, an RDS cluster)', () => {
  const findings = runRule(
    availabilityZoneRegion,
    assemblyOf(
      stack('Env', {
        region: 'us-east-1',
        resources: {
          Cluster: resource('AWS::RDS::DBCluster', { AvailabilityZones: ['us-east-1a', 'us-west-2b'] }),
          Nested: resource('AWS::Custom::Thing', { Placement: [{ AvailabilityZone: 'eu-west-1c' }] }),
        },
      }),
    ),
  );
  expect(findings.map((f) => f.logicalId)).toEqual(['Cluster', 'Nested']);
});

test('skips zones that are tokens resolved at deploy time, and stacks of an unknown region', () => {
  const token = { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] };
  expect(runRule(availabilityZoneRegion, assemblyOf(stack('Env', { resources: { Subnet: subnet(token) } })))).toEqual(
    [],
  );
  const unknownRegion = { ...stack('Any', { resources: { Subnet: subnet('eu-west-1a') } }), environment: {} };
  expect(runRule(availabilityZoneRegion, assemblyOf(unknownRegion))).toEqual([]);
});
