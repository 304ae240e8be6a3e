import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { isZoneOf, subnetsInZoneOrder } from '../../../model/config/network-schema';
import { configProblems, fixtureConfig, REPO_ROOT } from '../../support/configs';

/** The existing-network fixture with a change applied to its YAML-level object, as YAML. */
function fixtureWith(change: (raw: { environments: Record<string, unknown>[] } & Record<string, unknown>) => void) {
  const raw = parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'existing-network.yaml'), 'utf8'));
  change(raw);
  return stringify(raw);
}
type Vpc = Record<string, { id: string; availabilityZone: string }[] | string[] | string>;
const prodVpc = (raw: { environments: Record<string, unknown>[] }) => raw.environments[1].vpc as Vpc;

test('the fixture with an imported VPC is valid', () => {
  expect(configProblems(fixtureWith(() => undefined))).toEqual([]);
});

test('orders each role by the zones of the environment, whatever order the config lists them in', () => {
  const prod = fixtureConfig('existing-network').environments[1];
  expect(subnetsInZoneOrder(prod.vpc!, 'publicSubnets', prod.availabilityZones).map((s) => s.id)).toEqual([
    'subnet-0a00000000000000a',
    'subnet-0b00000000000000b',
  ]);
});

test.each([
  ['eu-west-1a', 'eu-west-1', true],
  ['eu-west-1', 'eu-west-1', false],
  ['eu-west-2a', 'eu-west-1', false],
  ['us-east-1a', 'eu-west-1', false],
  ['eu-west-1aa', 'eu-west-1', false],
])('isZoneOf(%s, %s) is %s', (zone, region, expected) => {
  expect(isZoneOf(zone, region)).toBe(expected);
});

test('refuses an availability zone of another region, even without an imported VPC', () => {
  const yaml = fixtureWith((raw) => {
    raw.environments[0].availabilityZones = ['eu-central-1a', 'eu-west-1b'];
  });
  expect(configProblems(yaml)).toEqual([
    'environments[0].availabilityZones[1]: is not an availability zone of eu-central-1 (expected eu-central-1 and ' +
      'one letter, e.g. eu-central-1a); list the zones of the environment\'s region (got "eu-west-1b")',
  ]);
});

test.each<[string, (vpc: Vpc) => void, string]>([
  [
    'a subnet in a zone the environment does not list',
    (vpc) => {
      (vpc.privateSubnets as { availabilityZone: string }[])[1].availabilityZone = 'eu-west-1c';
    },
    "environments[1].vpc.privateSubnets[1].availabilityZone: is not one of the environment's availabilityZones " +
      '(eu-west-1a, eu-west-1b) (got "eu-west-1c")',
  ],
  [
    'a zone without a subnet of a role',
    (vpc) => {
      vpc.isolatedSubnets = (vpc.isolatedSubnets as { id: string; availabilityZone: string }[]).slice(0, 1);
    },
    'environments[1].vpc.isolatedSubnets: needs exactly one subnet in each availability zone of the environment ' +
      '(eu-west-1a, eu-west-1b); none in eu-west-1b',
  ],
  [
    'one subnet in two roles',
    (vpc) => {
      (vpc.isolatedSubnets as { id: string }[])[0].id = 'subnet-0c00000000000000a';
    },
    'environments[1].vpc.isolatedSubnets[0].id: is already listed in vpc.privateSubnets; a subnet plays one role ' +
      '(got "subnet-0c00000000000000a")',
  ],
  [
    'no isolated subnets with a database',
    (vpc) => {
      delete vpc.isolatedSubnets;
    },
    'environments[1].vpc.isolatedSubnets: is required with a database or cache: the data tier lives in subnets ' +
      'without a route to the internet',
  ],
  [
    'no NAT addresses with a public web service',
    (vpc) => {
      delete vpc.natEgressCidrs;
    },
    'environments[1].vpc.natEgressCidrs: is required with a public web service: the hook reaches the test listener ' +
      "through the VPC's NAT gateways, and the listener admits only their addresses; list each as x.x.x.x/32",
  ],
  [
    'no public subnets with a public web service',
    (vpc) => {
      delete vpc.publicSubnets;
    },
    'environments[1].vpc.publicSubnets: is required: a public web service puts its internet-facing load balancer there',
  ],
  [
    'a malformed VPC id',
    (vpc) => {
      vpc.id = 'vpc-xyz';
    },
    'environments[1].vpc.id: must be a VPC id such as vpc-0123456789abcdef0 (got "vpc-xyz")',
  ],
])('refuses %s in one line naming the field', (_case, change, message) => {
  expect(configProblems(fixtureWith((raw) => change(prodVpc(raw))))).toEqual([message]);
});

test('refuses natGateways beside an imported VPC, whose NAT is its own', () => {
  const yaml = fixtureWith((raw) => {
    raw.environments[1].natGateways = 1;
  });
  expect(configProblems(yaml)).toEqual([
    'environments[1].natGateways: applies to a VPC this tool creates; remove it (vpc: imports one with its own NAT) (got 1)',
  ]);
});
