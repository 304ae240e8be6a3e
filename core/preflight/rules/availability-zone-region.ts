import { isZoneOf } from '../../../model/config/network-schema';
import { asList, asObject, asString, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';

/** Property names through which CloudFormation resources place something in an availability zone. */
const ZONE_PROPERTIES = new Set(['AvailabilityZone', 'AvailabilityZones', 'PreferredAvailabilityZones']);

/** A resource placed in an availability zone of another region than its stack's fails to create. */
export const availabilityZoneRegion: Rule = {
  id: 'availability-zone-region',
  severity: 'error',
  title: "Availability zones in a template belong to the stack's region",
  awsBehaviour:
    'An availability zone exists in exactly one region (its name is the region plus a letter); a subnet, instance or ' +
    "cluster placed in a zone of another region fails at create time, after the stack's earlier resources exist.",
  docUrl: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) => {
      const region = stack.environment.region;
      if (region === undefined) return [];
      return Object.entries(stack.template.Resources).flatMap(([logicalId, resource]): RuleFinding[] =>
        zonesIn(resource.Properties)
          .filter((zone) => !isZoneOf(zone, region))
          .map((zone) => ({
            stack,
            logicalId,
            resource,
            severity: 'error',
            message:
              `${resource.Type} '${logicalId}' is placed in availability zone ${zone}, which is not in the stack's ` +
              `region ${region}: list zones of ${region} in the environment's availabilityZones (and its vpc: subnets)`,
          })),
      );
    }),
};

/** The literal zone names under any zone property, at any depth (tokens resolved at deploy time are skipped). */
function zonesIn(value: JsonValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap(zonesIn);
  const object = asObject(value);
  if (object === undefined) return [];
  return Object.entries(object).flatMap(([key, inner]) =>
    ZONE_PROPERTIES.has(key)
      ? asList(inner).flatMap((zone) => (asString(zone) !== undefined ? [asString(zone)!] : []))
      : zonesIn(inner),
  );
}
