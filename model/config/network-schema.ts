import { z } from 'zod';

/**
 * The per-environment `vpc:` block: an existing VPC imported by id with its subnets named per role, never looked
 * up (synth runs offline). environment-schema.ts only plugs it in and calls `refineNetwork`.
 */

const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const AZ = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;

const subnetSchema = z.strictObject({
  id: z.string().regex(SUBNET_ID, 'must be a subnet id such as subnet-0123456789abcdef0').describe('The subnet id'),
  availabilityZone: z
    .string()
    .regex(AZ, 'must be an availability zone such as eu-west-1a')
    .describe("The subnet's availability zone: one of the environment's availabilityZones"),
  routeTableId: z
    .string()
    .regex(ROUTE_TABLE_ID, 'must be a route table id such as rtb-0123456789abcdef0')
    .optional()
    .describe('The route table of the subnet; nothing of this tool routes through it (default unknown)'),
});

/** The roles a subnet plays, as `ec2.SubnetType` names them, in the order the schema lists them. */
export const SUBNET_ROLES = ['publicSubnets', 'privateSubnets', 'isolatedSubnets'] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

export const existingVpcSchema = z.strictObject({
  id: z.string().regex(VPC_ID, 'must be a VPC id such as vpc-0123456789abcdef0').describe('The id of the existing VPC'),
  cidr: z
    .string()
    .regex(new RegExp(`^${IPV4}\\/(1[6-9]|2[0-8])$`), 'must be the IPv4 CIDR of the VPC, e.g. 10.20.0.0/16')
    .describe("The VPC's primary IPv4 CIDR: internal load balancers and test listeners admit it"),
  publicSubnets: z
    .array(subnetSchema)
    .default([])
    .describe(
      'One per availability zone, with a route to an internet gateway: internet-facing load balancers (default none)',
    ),
  privateSubnets: z
    .array(subnetSchema)
    .min(1, 'needs one subnet per availability zone')
    .describe('One per availability zone, with a route to a NAT gateway: tasks, hooks, internal load balancers'),
  isolatedSubnets: z
    .array(subnetSchema)
    .default([])
    .describe('One per availability zone, without a route to the internet: the database and cache (default none)'),
  natEgressCidrs: z
    .array(z.string().regex(new RegExp(`^${IPV4}\\/32$`), 'must be a NAT gateway public address as a /32'))
    .default([])
    .describe(
      "Public addresses of the VPC's NAT gateways (x.x.x.x/32): the hook reaches a public test listener through them " +
        '(default none)',
    ),
  flowLogs: z
    .enum(['add', 'existing'])
    .default('add')
    .describe(
      "add: this tool adds a flow log to CloudWatch Logs; existing: the VPC's own flow log stays (default add)",
    ),
});

export type ExistingVpcConfig = z.output<typeof existingVpcSchema>;

type Issue = (path: (string | number)[], message: string, input?: unknown) => void;

interface NetworkedEnvironment {
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly natGateways?: number;
  readonly vpc?: ExistingVpcConfig;
}

/**
 * Refuses what AWS or this tool could not deploy in an environment's network, naming the field: an availability
 * zone of another region (with or without an imported VPC), and an imported VPC whose subnets do not give each role
 * exactly one subnet in every availability zone of the environment.
 */
export function refineNetwork(environment: NetworkedEnvironment, issue: Issue): void {
  environment.availabilityZones.forEach((zone, z) => {
    if (!isZoneOf(zone, environment.region)) {
      issue(
        ['availabilityZones', z],
        `is not an availability zone of ${environment.region} (expected ${environment.region} and one letter, ` +
          `e.g. ${environment.region}a); list the zones of the environment's region`,
        zone,
      );
    }
  });
  if (new Set(environment.availabilityZones).size !== environment.availabilityZones.length) {
    issue(['availabilityZones'], 'lists an availability zone twice', environment.availabilityZones);
  }
  const vpc = environment.vpc;
  if (!vpc) return;
  if (environment.natGateways !== undefined) {
    issue(
      ['natGateways'],
      'applies to a VPC this tool creates; remove it (vpc: imports one with its own NAT)',
      environment.natGateways,
    );
  }
  const seen = new Map<string, string>();
  for (const role of SUBNET_ROLES) {
    const subnets = vpc[role];
    subnets.forEach((subnet, s) => {
      const path = ['vpc', role, s];
      const other = seen.get(subnet.id);
      if (other) issue([...path, 'id'], `is already listed in vpc.${other}; a subnet plays one role`, subnet.id);
      seen.set(subnet.id, role);
      if (!environment.availabilityZones.includes(subnet.availabilityZone)) {
        issue(
          [...path, 'availabilityZone'],
          `is not one of the environment's availabilityZones (${environment.availabilityZones.join(', ')})`,
          subnet.availabilityZone,
        );
      }
    });
    // An unknown zone was reported above; the coverage of the zones is judged once each subnet's zone is known.
    const unknownZone = subnets.some((subnet) => !environment.availabilityZones.includes(subnet.availabilityZone));
    if (subnets.length === 0 || unknownZone) continue;
    const zones = subnets.map((subnet) => subnet.availabilityZone);
    const missing = environment.availabilityZones.filter((zone) => !zones.includes(zone));
    const twice = zones.filter((zone, i) => zones.indexOf(zone) !== i);
    if (missing.length > 0 || twice.length > 0) {
      issue(
        ['vpc', role],
        `needs exactly one subnet in each availability zone of the environment (${environment.availabilityZones.join(', ')})` +
          (missing.length > 0 ? `; none in ${missing.join(', ')}` : '') +
          (twice.length > 0 ? `; more than one in ${[...new Set(twice)].join(', ')}` : ''),
      );
    }
  }
}

/**
 * What an environment's services need of its imported VPC, checked where the whole configuration is known: public
 * subnets for an internet-facing load balancer, the NAT addresses a public test listener admits, isolated subnets for
 * the data tier.
 */
export function refineVpcUse(
  vpc: ExistingVpcConfig,
  needs: { readonly publicLoadBalancer: boolean; readonly dataTier: boolean },
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (needs.publicLoadBalancer && vpc.publicSubnets.length === 0) {
    issue(['vpc', 'publicSubnets'], 'is required: a public web service puts its internet-facing load balancer there');
  }
  if (needs.publicLoadBalancer && vpc.natEgressCidrs.length === 0) {
    issue(
      ['vpc', 'natEgressCidrs'],
      "is required with a public web service: the hook reaches the test listener through the VPC's NAT gateways, " +
        'and the listener admits only their addresses; list each as x.x.x.x/32',
    );
  }
  if (needs.dataTier && vpc.isolatedSubnets.length === 0) {
    issue(
      ['vpc', 'isolatedSubnets'],
      'is required with a database or cache: the data tier lives in subnets without a route to the internet',
    );
  }
}

/** True when `zone` names an availability zone of `region`: the region's name and one letter (e.g. eu-west-1a). */
export function isZoneOf(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

/** The subnets of a role ordered like the environment's availability zones, as `ec2.Vpc.fromVpcAttributes` wants. */
export function subnetsInZoneOrder(
  vpc: ExistingVpcConfig,
  role: SubnetRole,
  availabilityZones: readonly string[],
): ExistingVpcConfig['publicSubnets'] {
  return [...vpc[role]].sort(
    (a, b) => availabilityZones.indexOf(a.availabilityZone) - availabilityZones.indexOf(b.availabilityZone),
  );
}
