import {
  TLS_PARAMETER,
  TLS_REQUIRED_BY_DEFAULT_FROM,
  type DatabaseEngineName,
} from '../../model/config/database-engines';
import type { TemplateJson } from './pipeline-template';
import type { Violation } from './violation';

type Resource = NonNullable<TemplateJson['Resources']>[string];

/** Where each engine's TLS parameter (TLS_PARAMETER) lives: an RDS instance's group, or an Aurora cluster's. */
const GROUP_OF: Readonly<Record<DatabaseEngineName, { group: string; groupType: string }>> = {
  mysql: { group: 'DBParameterGroupName', groupType: 'AWS::RDS::DBParameterGroup' },
  postgres: { group: 'DBParameterGroupName', groupType: 'AWS::RDS::DBParameterGroup' },
  'aurora-mysql': { group: 'DBClusterParameterGroupName', groupType: 'AWS::RDS::DBClusterParameterGroup' },
  'aurora-postgresql': { group: 'DBClusterParameterGroupName', groupType: 'AWS::RDS::DBClusterParameterGroup' },
};

/** Every engine's TLS parameter, each once. */
const TLS_PARAMETERS = [...new Set(Object.values(TLS_PARAMETER))];

/** Whether RDS reads a boolean parameter's value as on. */
const isOn = (value: unknown): boolean => ['1', 'on', 'true'].includes(String(value).toLowerCase());

/**
 * Each database of a protected stack, as synthesized, refuses connections without TLS: its instance's (RDS) or its
 * cluster's (Aurora) parameter group, in the same template, sets the engine's TLS parameter on, or it keeps the
 * default group of a version where that sets it; an RDS Proxy requires TLS of its clients. An instance of an Aurora
 * cluster is judged by its cluster, and may not turn the parameter off in a group of its own. What cannot be read
 * (another engine, a group named from outside the template, a parameter not set) counts as accepting them.
 */
export function checkProtectedDatabases(resources: Record<string, Resource>, stack: string): Violation[] {
  return Object.entries(resources).flatMap(([id, resource]) => {
    const properties = resource.Properties ?? {};
    // An RDS Proxy in front of a database accepts plain text from its clients unless told otherwise.
    if (resource.Type === 'AWS::RDS::DBProxy' && properties.RequireTLS !== true) {
      return [{ path: `${stack}/${id}.RequireTLS`, found: String(properties.RequireTLS), required: 'true' }];
    }
    const at = `${stack}/${id}`;
    const isInstance = resource.Type === 'AWS::RDS::DBInstance';
    if (isInstance && properties.DBClusterIdentifier !== undefined) {
      // Only a Ref to a cluster of this template makes it a member: CloudFormation drops a null, an AWS::NoValue or a
      // condition's NoValue, which would leave a standalone instance that its cluster's group does not cover.
      const cluster = (properties.DBClusterIdentifier as { Ref?: unknown } | null)?.Ref;
      if (typeof cluster !== 'string' || resources[cluster]?.Type !== 'AWS::RDS::DBCluster') {
        return [
          {
            path: `${at}.DBClusterIdentifier`,
            found: 'a value this check cannot read',
            required: 'a Ref to a cluster of this template',
          },
        ];
      }
      return checkClusterMember(at, properties, resources);
    }
    if (!isInstance && resource.Type !== 'AWS::RDS::DBCluster') return [];
    const engine = String(properties.Engine);
    const placement = Object.hasOwn(GROUP_OF, engine) ? GROUP_OF[engine as DatabaseEngineName] : undefined;
    if (placement === undefined || (resource.Type === 'AWS::RDS::DBCluster') !== engine.startsWith('aurora-')) {
      return [{ path: `${at}.Engine`, found: engine, required: 'an engine whose TLS setting this check can read' }];
    }
    const tls = { ...placement, parameter: TLS_PARAMETER[engine as DatabaseEngineName] };
    const ref = (properties[tls.group] as { Ref?: unknown } | undefined)?.Ref;
    const group = typeof ref === 'string' ? resources[ref] : undefined;
    // CDK names an engine's default group by its literal name (`default.aurora-postgresql17`) or leaves it out.
    const defaultGroup = properties[tls.group] === undefined || /^default\./.test(String(properties[tls.group]));
    if (defaultGroup && onByDefault(engine, properties.EngineVersion)) return [];
    if (group?.Type !== tls.groupType) {
      return [
        {
          path: `${at}.${tls.group}`,
          found: defaultGroup ? 'the default group' : 'a group outside this template',
          required: `a parameter group in this template with ${tls.parameter} on`,
        },
      ];
    }
    const parameters = plainParameters(group, [tls.parameter]);
    if (parameters === undefined) {
      return [
        { path: `${stack}/${ref}.Parameters`, found: 'parameters this check cannot read', required: 'plain values' },
      ];
    }
    const value = parameters[tls.parameter];
    if (isOn(value)) return [];
    return [
      {
        path: `${stack}/${ref}.Parameters.${tls.parameter}`,
        found: `${String(value)} (connections without TLS accepted by ${id})`,
        required: 'on (a database in a protected account refuses connections without TLS)',
      },
    ];
  });
}

/** An Aurora instance's own DB parameter group, if any, must not turn the TLS parameter off for it. */
function checkClusterMember(
  at: string,
  properties: Record<string, unknown>,
  resources: Record<string, Resource>,
): Violation[] {
  const name = properties.DBParameterGroupName;
  if (name === undefined) return [];
  const ref = (name as { Ref?: unknown }).Ref;
  const group = typeof ref === 'string' ? resources[ref] : undefined;
  if (group?.Type !== 'AWS::RDS::DBParameterGroup') {
    return [
      {
        path: `${at}.DBParameterGroupName`,
        found: 'a group outside this template',
        required: 'none, or one in this template',
      },
    ];
  }
  const parameters = plainParameters(group, TLS_PARAMETERS);
  if (parameters === undefined) {
    return [
      {
        path: `${at}.DBParameterGroupName`,
        found: `${String(ref)} with parameters this check cannot read`,
        required: 'plain values',
      },
    ];
  }
  return TLS_PARAMETERS.filter((parameter) => parameter in parameters && !isOn(parameters[parameter])).map(
    (parameter) => ({
      path: `${at}.DBParameterGroupName`,
      found: `${String(ref)} sets ${parameter} to ${String(parameters[parameter])}`,
      required: 'no TLS parameter turned off for an instance of a cluster',
    }),
  );
}

/**
 * A group's parameters when they are a plain object of plain values, none of `names` spelled in another case; undefined
 * otherwise (an intrinsic function, such as a condition, decides them only when the stack deploys).
 */
function plainParameters(group: Resource, names: readonly string[]): Record<string, unknown> | undefined {
  const parameters = group.Properties?.Parameters ?? {};
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return undefined;
  const entries = Object.entries(parameters as Record<string, unknown>);
  const plain = entries.every(([, value]) => value === null || typeof value !== 'object');
  const respelled = entries.some(([key]) => !names.includes(key) && names.includes(key.toLowerCase()));
  return plain && !respelled ? Object.fromEntries(entries) : undefined;
}

/** Whether the engine's default parameter group at this version (a template's EngineVersion) refuses plain text. */
function onByDefault(engine: string, version: unknown): boolean {
  const from = TLS_REQUIRED_BY_DEFAULT_FROM[engine as DatabaseEngineName];
  return from !== undefined && typeof version === 'string' && Number.parseInt(version, 10) >= from;
}
