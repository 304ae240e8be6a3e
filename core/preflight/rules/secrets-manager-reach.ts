import type { AssemblyStack, CloudAssembly, TemplateResource } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import { allowsAction, roleStatements } from '../policy';
import { resolveRole } from '../role-lookup';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, refTarget, resourcesOfType, textOf, type ResourceRef } from '../template-values';

/**
 * A function in a VPC that calls the Secrets Manager API (a rotation function, or one whose role may read a secret)
 * calls it from its subnets: they need a way out to the public endpoint (a NAT route) or the VPC an interface
 * endpoint for secretsmanager.
 */
export const secretsManagerReach: Rule = {
  id: 'secrets-manager-reach',
  severity: 'warning',
  title: 'Functions in a VPC that call Secrets Manager must reach its endpoint',
  awsBehaviour:
    'A function in a VPC calls Secrets Manager from its subnets; without a NAT gateway route or a secretsmanager ' +
    'interface VPC endpoint the calls time out: every rotation fails (the secret is left unrotated), and a function ' +
    'that reads a secret fails (a custom resource fails its stack).',
  docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html',
  check: (assembly) => {
    const rotations = assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::SecretsManager::RotationSchedule'))
      .flatMap((schedule) => {
        const network = rotationNetwork(schedule);
        return network === undefined ? [] : [{ caller: schedule, what: 'the rotation function', ...network }];
      });
    const rotationFunctions = new Set(rotations.map((r) => r.rotationFunction));
    const readers = assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Function'))
      .filter((fn) => !rotationFunctions.has(fn.resource))
      .flatMap((fn) => {
        const subnets = asList(pathOf(fn.resource.Properties.VpcConfig, 'SubnetIds'));
        if (subnets.length === 0 || !readsSecrets(assembly, fn)) return [];
        return [{ caller: fn, what: 'the function', subnets, endpointGiven: false }];
      });
    return [...rotations, ...readers].flatMap(({ caller, what, subnets: given, endpointGiven }): RuleFinding[] => {
      if (endpointGiven) return [];
      const stack = caller.stack;
      const subnets = given.map((value) => refTarget(value) ?? subnetRefInText(value));
      const known = subnets.filter((id): id is string => id !== undefined && isSubnet(stack, id));
      const vpcs = new Set(known.map((id) => textOf(stack.template.Resources[id].Properties.VpcId)));
      const endpoint = resourcesOfType(stack, 'AWS::EC2::VPCEndpoint').some(
        (e) =>
          textOf(e.resource.Properties.ServiceName).endsWith('.secretsmanager') &&
          (vpcs.size === 0 || vpcs.has(textOf(e.resource.Properties.VpcId))),
      );
      if (endpoint) return [];
      const allSeen = known.length === subnets.length && known.length > 0;
      const withoutNat = known.filter((id) => !hasNatRoute(stack, id));
      if (allSeen && withoutNat.length === 0) return [];
      return [
        {
          severity: 'warning',
          stack,
          logicalId: caller.logicalId,
          resource: caller.resource,
          message: allSeen
            ? `${what} runs in subnets without a NAT route (${withoutNat.join(', ')}) and the VPC has no secretsmanager ` +
              'interface endpoint: add an InterfaceVpcEndpoint for Secrets Manager (or NAT) or its calls time out'
            : `cannot see how the subnets of ${what} (${given.map(textOf).join(', ')}) reach Secrets Manager: no ` +
              'secretsmanager interface endpoint in this stack; make sure they have a NAT route or an endpoint',
        },
      ];
    });
  },
};

/** Whether the function's role may read a secret's value (resolved in the assembly; unresolved roles are not judged). */
function readsSecrets(assembly: CloudAssembly, fn: ResourceRef): boolean {
  const role = resolveRole(assembly, fn.stack, fn.resource.Properties.Role);
  return role !== undefined && allowsAction(roleStatements(role), 'secretsmanager:GetSecretValue');
}

interface RotationNetwork {
  readonly subnets: JsonValue[];
  /** The rotation function, when it is a function of the template (judged here, not again as a secret reader). */
  readonly rotationFunction?: TemplateResource;
  /** The rotation is told an endpoint URL (the SAR application's `endpoint` parameter). */
  readonly endpointGiven: boolean;
}

/** The subnets of the rotation function, or undefined when it is not in a VPC (or not in the assembly). */
function rotationNetwork(schedule: ResourceRef): RotationNetwork | undefined {
  const properties = schedule.resource.Properties;
  const hosted = asObject(properties.HostedRotationLambda);
  if (hosted !== undefined) {
    const subnets = subnetList(hosted.VpcSubnetIds);
    return subnets.length === 0 ? undefined : { subnets, endpointGiven: false };
  }
  const target = getAttTarget(properties.RotationLambdaARN)?.logicalId ?? refTarget(properties.RotationLambdaARN);
  const fn = target === undefined ? undefined : schedule.stack.template.Resources[target];
  if (fn?.Type === 'AWS::Lambda::Function') {
    const subnets = asList(pathOf(fn.Properties.VpcConfig, 'SubnetIds'));
    return subnets.length === 0 ? undefined : { subnets, endpointGiven: false, rotationFunction: fn };
  }
  if (fn?.Type === 'AWS::Serverless::Application') {
    // CDK's SecretRotation: the serverless application repository rotation app takes its VPC as parameters.
    const parameters = asObject(fn.Properties.Parameters);
    const subnets = subnetList(parameters?.vpcSubnetIds);
    return subnets.length === 0 ? undefined : { subnets, endpointGiven: parameters?.endpoint !== undefined };
  }
  return undefined;
}

/** A comma-separated subnet list (`"a,b"`, or `Fn::Join [',', [Ref…]]`) or a list, as its items. */
function subnetList(value: JsonValue | undefined): JsonValue[] {
  const text = asString(value);
  if (text !== undefined) return text.split(',').filter((s) => s.trim() !== '');
  const join = asList(asObject(value)?.['Fn::Join']);
  if (join.length === 2 && join[0] === ',') return asList(join[1]);
  return asList(value);
}

/** `X` for a `${X}` written in a Fn::Sub, else undefined. */
function subnetRefInText(value: JsonValue): string | undefined {
  return /^\$\{([A-Za-z0-9]+)\}$/.exec(textOf(value))?.[1];
}

function isSubnet(stack: AssemblyStack, logicalId: string): boolean {
  return stack.template.Resources[logicalId]?.Type === 'AWS::EC2::Subnet';
}

/** True when the subnet's route table sends 0.0.0.0/0 somewhere other than an internet gateway (a NAT). */
function hasNatRoute(stack: AssemblyStack, subnetId: string): boolean {
  const tables = resourcesOfType(stack, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter((a) => refTarget(a.resource.Properties.SubnetId) === subnetId)
    .map((a) => refTarget(a.resource.Properties.RouteTableId));
  return resourcesOfType(stack, 'AWS::EC2::Route').some((route) => {
    const p = route.resource.Properties;
    if (!tables.includes(refTarget(p.RouteTableId)) || p.DestinationCidrBlock !== '0.0.0.0/0') return false;
    return (
      p.NatGatewayId !== undefined ||
      p.InstanceId !== undefined ||
      p.NetworkInterfaceId !== undefined ||
      p.TransitGatewayId !== undefined
    );
  });
}
