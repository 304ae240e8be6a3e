import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, asString, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, resourcesOfType } from '../template-values';

const LOAD_BALANCER_TYPES = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'];

/** An `https://` URL must name a host the certificate covers, never the load balancer's generated DNS name. */
export const httpsUrlOnLoadBalancerName: Rule = {
  id: 'https-url-on-load-balancer-name',
  severity: 'error',
  title: "HTTPS URLs name the certificate's domain, not the load balancer's DNS name",
  awsBehaviour:
    "An HTTPS listener presents the certificate of the configured domain; the load balancer's generated " +
    '*.elb.amazonaws.com name is not on it, so every TLS client rejects https://<load balancer DNS name>.',
  docUrl: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      urlValues(stack)
        .filter((candidate) => httpsOnLoadBalancer(stack, candidate.value))
        .map((candidate): RuleFinding => ({
          severity: 'error',
          stack,
          logicalId: candidate.logicalId,
          resource: candidate.logicalId === undefined ? undefined : stack.template.Resources[candidate.logicalId],
          message:
            `${candidate.where} is https:// + the load balancer's DNS name, which the certificate does not cover: ` +
            'build the URL from the configured domain name',
        })),
    ),
};

interface UrlCandidate {
  readonly where: string;
  readonly logicalId?: string;
  readonly value: JsonValue;
}

/** Outputs and the environment variables of CodeBuild projects, Lambda functions and task definitions. */
function urlValues(stack: AssemblyStack): UrlCandidate[] {
  const outputs = Object.entries(stack.template.Outputs).map(([name, output]) => ({
    where: `output ${name}`,
    value: asObject(output)?.Value ?? null,
  }));
  const named = (logicalId: string, variables: JsonValue | undefined, nameKey: string, valueKey: string) =>
    asList(variables).map((v) => ({
      where: `environment variable ${asString(asObject(v)?.[nameKey]) ?? '?'}`,
      logicalId,
      value: asObject(v)?.[valueKey] ?? null,
    }));
  const projects = resourcesOfType(stack, 'AWS::CodeBuild::Project').flatMap((p) =>
    named(p.logicalId, asObject(p.resource.Properties.Environment)?.EnvironmentVariables, 'Name', 'Value'),
  );
  const functions = resourcesOfType(stack, 'AWS::Lambda::Function').flatMap((f) =>
    Object.entries(asObject(asObject(f.resource.Properties.Environment)?.Variables) ?? {}).map(([name, value]) => ({
      where: `environment variable ${name}`,
      logicalId: f.logicalId,
      value,
    })),
  );
  const containers = resourcesOfType(stack, 'AWS::ECS::TaskDefinition').flatMap((t) =>
    asList(t.resource.Properties.ContainerDefinitions).flatMap((c) =>
      named(t.logicalId, asObject(c)?.Environment, 'Name', 'Value'),
    ),
  );
  return [...outputs, ...projects, ...functions, ...containers];
}

/** True when the value (anywhere inside) joins `https://` directly before a load balancer's DNSName. */
function httpsOnLoadBalancer(stack: AssemblyStack, value: JsonValue): boolean {
  const object = asObject(value);
  if (object === undefined) return Array.isArray(value) && value.some((v) => httpsOnLoadBalancer(stack, v));
  const isLoadBalancer = (logicalId: string) => {
    const type = stack.template.Resources[logicalId]?.Type;
    return type === undefined || LOAD_BALANCER_TYPES.includes(type);
  };
  const join = asList(object['Fn::Join']);
  const parts = asList(join[1]);
  for (let i = 0; i + 1 < parts.length; i++) {
    const target = getAttTarget(parts[i + 1]);
    const text = asString(parts[i]);
    if (text?.endsWith('https://') && target?.attribute === 'DNSName' && isLoadBalancer(target.logicalId)) return true;
  }
  const sub = asString(object['Fn::Sub']) ?? asString(asList(object['Fn::Sub'])[0]);
  const subMatch = sub === undefined ? null : /https:\/\/\$\{([A-Za-z0-9]+)\.DNSName\}/.exec(sub);
  if (subMatch && isLoadBalancer(subMatch[1])) return true;
  return Object.values(object).some((v) => httpsOnLoadBalancer(stack, v));
}
