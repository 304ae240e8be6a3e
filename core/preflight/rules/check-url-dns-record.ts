import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asList, asObject, asString, pathOf } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { isLiteral, resourcesOfType, textOf } from '../template-values';

/** The variable the lifecycle hooks, the integration gate and the suite read their target from. */
const URL_VARIABLE = 'TARGET_URL';
/** The output key (or key suffix, per service) that says a DNS record must be made outside this app. */
const NOTICE_OUTPUT = 'DnsRecordRequired';

/**
 * A check that calls a host name nobody has put in DNS fails (the name does not resolve), and a failed lifecycle
 * hook rolls the deployment back: every URL a CodeDeploy hook or a CodeBuild check targets must name a host with
 * a Route 53 record in the assembly, or an output must say who creates it.
 */
export const checkUrlDnsRecord: Rule = {
  id: 'check-url-dns-record',
  severity: 'error',
  title: 'Every URL a hook or check calls has a DNS record, or an output saying who must make it',
  awsBehaviour:
    'A CodeDeploy lifecycle hook that reports Failed (or never answers) fails the deployment and rolls it back; a ' +
    'check that calls a host name without a DNS record cannot connect, so the first deployment rolls back until ' +
    'someone creates the record.',
  docUrl: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html',
  check: (assembly) => {
    const records = recordNames(assembly);
    return assembly.stacks.flatMap((stack) =>
      targetUrls(stack).flatMap(({ logicalId, host, url }): RuleFinding[] => {
        if (records.some((record) => covers(record, host))) return [];
        const where = { stack, logicalId, resource: stack.template.Resources[logicalId] };
        const notice = noticeFor(stack, host);
        if (notice !== undefined) {
          return [
            {
              ...where,
              severity: 'warning',
              message:
                `${URL_VARIABLE} ${url} names a host no stack of this app creates a DNS record for; output ${notice} ` +
                'says it must be made by hand: make sure it exists before the first deployment, or the checks fail',
            },
          ];
        }
        return [
          {
            ...where,
            severity: 'error',
            message:
              `${URL_VARIABLE} ${url} names a host that no AWS::Route53::RecordSet of the assembly creates and no ` +
              `${NOTICE_OUTPUT} output mentions: the checks cannot reach it and roll the first deployment back; ` +
              'create the record in the app (a Route 53 zone) or output who must create it',
          },
        ];
      }),
    );
  },
};

interface TargetUrl {
  readonly logicalId: string;
  readonly url: string;
  readonly host: string;
}

/** Literal host names in TARGET_URL of CodeDeploy hook functions and CodeBuild projects (tokens are skipped). */
function targetUrls(stack: AssemblyStack): TargetUrl[] {
  const hooks = resourcesOfType(stack, 'AWS::Lambda::Function')
    .filter((f) => asString(f.resource.Properties.FunctionName)?.startsWith('CodeDeployHook_') ?? false)
    .map((f) => ({
      logicalId: f.logicalId,
      value: pathOf(f.resource.Properties.Environment, 'Variables', URL_VARIABLE),
    }));
  const projects = resourcesOfType(stack, 'AWS::CodeBuild::Project').map((p) => ({
    logicalId: p.logicalId,
    value: asList(pathOf(p.resource.Properties.Environment, 'EnvironmentVariables')).find(
      (v) => asObject(v)?.Name === URL_VARIABLE,
    ),
  }));
  return [...hooks, ...projects.map((p) => ({ ...p, value: pathOf(p.value, 'Value') }))].flatMap(
    ({ logicalId, value }) => {
      if (value === undefined) return [];
      const url = textOf(value);
      const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase();
      // A token (a load balancer's DNS name) or an IP address resolves without a record of ours.
      if (host === undefined || !isLiteral(host) || /^[\d.]+$/.test(host)) return [];
      return [{ logicalId, url, host }];
    },
  );
}

/** Every record name the assembly creates, lower case, without the trailing dot. */
function recordNames(assembly: CloudAssembly): string[] {
  return assembly.stacks
    .flatMap((stack) => [
      ...resourcesOfType(stack, 'AWS::Route53::RecordSet').map((r) => r.resource.Properties.Name),
      ...resourcesOfType(stack, 'AWS::Route53::RecordSetGroup').flatMap((g) =>
        asList(g.resource.Properties.RecordSets).map((r) => pathOf(r, 'Name')),
      ),
    ])
    .map((name) => textOf(name).toLowerCase().replace(/\.$/, ''))
    .filter((name) => name.length > 0);
}

/** True when the record name is the host, or a wildcard record covering it (one label). */
function covers(record: string, host: string): boolean {
  if (record === host) return true;
  return record.startsWith('*.') && host.slice(host.indexOf('.') + 1) === record.slice(2);
}

/** The key of an output of the stack that says the host's record must be made outside the app. */
function noticeFor(stack: AssemblyStack, host: string): string | undefined {
  return Object.entries(stack.template.Outputs).find(
    ([key, output]) => key.includes(NOTICE_OUTPUT) && textOf(pathOf(output, 'Value')).toLowerCase().includes(host),
  )?.[0];
}
