import { regionCode } from '../../../model/region-code';
import type { AssemblyStack, CloudAssembly, TemplateResource } from '../assembly-model';
import { fixedName, type FixedName } from '../physical-names';
import type { Rule, RuleFinding } from '../rule';

/**
 * A fixed physical name must be unique where AWS keeps it unique: IAM names in the whole account (every region),
 * S3 bucket names across all accounts, the rest in an account and region. Two resources of the assembly with the
 * same name there make the second create fail ("already exists"). A name unique in the account (IAM) or the world
 * (S3) that does not carry its region is taken again by the same app deployed in another region of that account,
 * as a disaster-recovery rebuild does.
 */
export const fixedNameCollision: Rule = {
  id: 'fixed-name-collision',
  severity: 'error',
  title: 'Fixed physical names are unique where AWS requires, and account-wide names carry their region',
  awsBehaviour:
    'IAM role, policy, user, group and instance profile names are unique within an account across all regions, ' +
    'S3 bucket names across all accounts, other names within an account and region; creating a second resource ' +
    'with a taken name fails and the stack rolls back.',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  check: (assembly) => [...collisions(assembly), ...regionlessNames(assembly)],
};

interface Named {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: TemplateResource;
  readonly fixed: FixedName;
}

function namedResources(assembly: CloudAssembly): Named[] {
  return assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources).flatMap(([logicalId, resource]) => {
      const fixed = fixedName(stack, resource);
      return fixed === undefined ? [] : [{ stack, logicalId, resource, fixed }];
    }),
  );
}

/** Where the name must be unique, as a key: IAM names compare without case. */
function uniquenessKey({ stack, resource, fixed }: Named): string {
  const account = stack.environment.account ?? '(any account)';
  switch (fixed.scope) {
    case 'global':
      return `${resource.Type} ${fixed.name}`;
    case 'account':
      // Roles, users, groups and policies share no namespace with each other, but each is unique per account.
      return `${resource.Type} ${account} ${fixed.name.toLowerCase()}`;
    case 'region':
      return `${resource.Type} ${account} ${stack.environment.region ?? '(any region)'} ${fixed.name}`;
  }
}

function collisions(assembly: CloudAssembly): RuleFinding[] {
  const byKey = new Map<string, Named[]>();
  for (const named of namedResources(assembly)) {
    const key = uniquenessKey(named);
    byKey.set(key, [...(byKey.get(key) ?? []), named]);
  }
  return [...byKey.values()]
    .filter((group) => group.length > 1)
    .flatMap(([first, ...others]) =>
      others.map((other): RuleFinding => ({
        stack: other.stack,
        logicalId: other.logicalId,
        resource: other.resource,
        severity: 'error',
        message:
          `${other.resource.Type} '${other.fixed.name}' (${other.fixed.property}) is also created by ` +
          `${first.stack.stackName} (${first.logicalId}) ${scopeText(other.fixed)}: the second create fails; ` +
          'make the names differ (include what tells them apart) or let CloudFormation generate them',
      })),
    );
}

function scopeText(fixed: FixedName): string {
  if (fixed.scope === 'global') return 'and bucket names are unique across all accounts';
  if (fixed.scope === 'account') return 'in the same account, where this name is unique across every region';
  return 'in the same account and region';
}

/**
 * A name CDK generated (`PhysicalName.GENERATE_IF_NEEDED`, e.g. for CDK Pipelines' replication bucket) ends in a
 * 12-hex-digit hash of the stack name, the construct id, the region and the account
 * (aws-cdk-lib core/lib/private/physical-name-generator): it differs per region without showing it.
 */
const CDK_GENERATED = /^[a-z0-9-]+[0-9a-f]{12}$/;

/** True when the name carries the stack's region: `eu-west-1`, `euwest1`, the short code `euw1`, or CDK's hash. */
function carriesRegion(name: string, region: string): boolean {
  const lower = name.toLowerCase();
  if (CDK_GENERATED.test(name) && /\d/.test(name.slice(-12))) return true;
  return [region, region.replace(/-/g, ''), regionCode(region)].some((form) => lower.includes(form));
}

function regionlessNames(assembly: CloudAssembly): RuleFinding[] {
  return namedResources(assembly)
    .filter(({ fixed, stack }) => fixed.scope !== 'region' && stack.environment.region !== undefined)
    .filter(({ fixed, stack }) => !carriesRegion(fixed.name, stack.environment.region!))
    .map(({ stack, logicalId, resource, fixed }): RuleFinding => ({
      stack,
      logicalId,
      resource,
      severity: 'warning',
      message:
        `${resource.Type} '${fixed.name}' is unique ${fixed.scope === 'global' ? 'across all accounts' : 'in the whole account'} ` +
        `but does not carry its region (${stack.environment.region}): the same app deployed in another region ` +
        '(a disaster-recovery rebuild) would take it again and fail; add the region or its code, or let ' +
        'CloudFormation generate the name',
    }));
}
