import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asObject, type JsonObject, type JsonValue } from '../json-value';
import type { RuleFinding } from '../rule';
import { parseArn, splitOutsideTokens, textOf } from '../template-values';
import { isConditionOperator, NARROWING_OPERATORS } from './condition-operators';
import { bucketAclGrants } from './bucket-acls';
import { containerSecretsOutside } from './container-secrets';
import { dataSentOut } from './data-destinations';
import { deployPathReach } from './deploy-path-reach';
import { gateTampering } from './gate-tampering';
import { ELB_LOG_ACCOUNTS } from './elb-log-accounts';
import { OWN_ACCOUNT_TOKEN, isOwnAccount } from './own-account';
import { permissionChanges } from './permission-changes';
import { grantStatements } from './grant-documents';
import type { ReleasePrincipals } from './release-principals';
import { serviceGrantWithoutSource } from './service-source';

/** A service principal, also when CDK builds it from the region or the URL suffix. */
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
const PSEUDO = /\$\{AWS::(Region|URLSuffix)\}/g;
const PARTITION = /^(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|\$\{AWS::Partition\})$/;

/**
 * Every grant of a protected environment's stack to a principal that is not an AWS service, the stack's own account
 * or one of the release stack's own roles (`release`): a role trust policy, a key, bucket, topic, queue, secret,
 * repository, vault, file system, log or event bus policy, or a Lambda permission. A resource policy's grant to a
 * service holds only for this account (`serviceGrantWithoutSource`), nothing sends data out of it (`dataSentOut`), and
 * no role may change permissions at run time (`permissionChanges`) or take the account's deploy path
 * (`deployPathReach`), and no task role may change its deployment's gates (`gateTampering`). The release account's root counts
 * only narrowed by `aws:PrincipalArn` to those roles; a name the release stack does not own (a newer tool version's)
 * is refused with how to upgrade. What cannot be read (a token, an unknown condition operator) is refused too.
 */
export function judgeTrust(stack: AssemblyStack, release: ReleasePrincipals): RuleFinding[] {
  return [
    ...longLivedCredentials(stack),
    ...grantFindings(stack, release),
    ...dataSentOut(stack),
    ...permissionChanges(stack),
    ...deployPathReach(stack),
    ...gateTampering(stack),
    ...containerSecretsOutside(stack, release.secretAccounts),
    ...bucketAclGrants(stack),
  ];
}

/** IAM users and their access keys: credentials that act in the account with no role to trust and no approval. */
const CREDENTIAL_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::AccessKey', 'AWS::IAM::UserToGroupAddition']);

function longLivedCredentials(stack: AssemblyStack): RuleFinding[] {
  return Object.entries(stack.template.Resources)
    .filter(([, resource]) => CREDENTIAL_TYPES.has(resource.Type))
    .map(([logicalId, resource]) => ({
      severity: 'error' as const,
      stack,
      logicalId,
      resource,
      message: `'${logicalId}' is an ${resource.Type}: a protected environment creates no IAM users or access keys, whose long-lived credentials act there without a role or an approval; use a role`,
    }));
}

function grantFindings(stack: AssemblyStack, release: ReleasePrincipals): RuleFinding[] {
  return grantStatements(stack).flatMap((grant) => {
    const at = { severity: 'error' as const, stack, logicalId: grant.logicalId, resource: grant.resource };
    const policy = `the ${policyKind(grant.resource)} of '${grant.logicalId}'`;
    if ('unreadable' in grant) return [{ ...at, message: `${policy}: ${grant.unreadable}, so it is refused` }];
    return refusals(grant.statement, grant.resource, stack, release).map((why) => ({
      ...at,
      message: `${policy} ${why}`,
    }));
  });
}

function refusals(
  statement: JsonObject,
  resource: TemplateResource,
  stack: AssemblyStack,
  release: ReleasePrincipals,
): string[] {
  if (statement.NotPrincipal !== undefined)
    return ['admits every principal but those NotPrincipal names: name the principals in Principal instead'];
  const condition = asObject(statement.Condition) ?? {};
  const unknown = Object.keys(condition).filter((operator) => !isConditionOperator(operator));
  if (unknown.length > 0)
    return [`has condition operator ${unknown.map((o) => `'${o}'`).join(', ')}, which this check cannot judge`];
  const principal = statement.Principal;
  if (principal === '*') return [`admits ${anyone('*')}`];
  const principals = asObject(principal);
  if (principals === undefined) return [`has Principal ${JSON.stringify(principal ?? null)}, ${UNREADABLE}`];
  return Object.entries(principals).flatMap(([kind, values]) =>
    asList(values).flatMap((value): string[] => {
      const text = textOf(value);
      if (kind === 'Service') {
        if (!SERVICE.test(text.replace(PSEUDO, 'x'))) return [`admits service principal '${text}', ${UNREADABLE}`];
        // A role's trust in a service is judged by the service-role rule; a resource policy's, here.
        const unbound =
          resource.Type === 'AWS::IAM::Role' ? undefined : serviceGrantWithoutSource(text, statement, resource, stack);
        return unbound === undefined ? [] : [unbound];
      }
      if (kind !== 'AWS') return [`admits ${kind} principal '${text}': only AWS services and IAM roles may be trusted`];
      const why = awsPrincipal(text, statement, condition, resource, stack, release);
      return why === undefined ? [] : [`admits ${why}`];
    }),
  );
}

const UNREADABLE = 'which this check cannot read: a token it cannot resolve is refused';
const remedy =
  "a protected environment may trust only AWS services, its own account and the release stack's roles: remove it";

function anyone(text: string): string {
  return `'${text}', every principal of every account: ${remedy}`;
}

/** Why an `AWS` principal is refused, or undefined when it is admitted. */
function awsPrincipal(
  text: string,
  statement: JsonObject,
  condition: JsonObject,
  resource: TemplateResource,
  stack: AssemblyStack,
  release: ReleasePrincipals,
): string | undefined {
  if (text === '*') return anyone(text);
  if (text === OWN_ACCOUNT_TOKEN) return undefined;
  const local = /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(text);
  if (local) {
    const type = stack.template.Resources[local[1]]?.Type;
    return type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' ? undefined : `'${text}', ${UNREADABLE}`;
  }
  const principal = accountPrincipal(text);
  if (principal === undefined) return `'${text}', ${UNREADABLE}`;
  const { account, role } = principal;
  if (isOwnAccount(account, stack.environment.account)) return undefined;
  if (account === release.account) return releasePrincipal(text, role, condition, release);
  const elbAccount = ELB_LOG_ACCOUNTS[stack.environment.region ?? ''];
  if (account === elbAccount && resource.Type === 'AWS::S3::BucketPolicy' && onlyPutObject(statement)) return undefined;
  return `'${text}', a principal of account ${account}, neither this environment's nor the release stack's: ${remedy}`;
}

/** The account of `123456789012`, `arn:…:iam::123456789012:root` or `…:role/name` (role set), else undefined. */
function accountPrincipal(text: string): { account: string; role?: string } | undefined {
  if (/^\d{12}$/.test(text)) return { account: text };
  const arn = parseArn(text);
  if (arn === undefined || arn.service !== 'iam' || !PARTITION.test(splitOutsideTokens(text, ':')[1])) return undefined;
  if (!/^(\d{12}|\$\{AWS::AccountId\})$/.test(arn.account)) return undefined;
  if (arn.resource === 'root') return { account: arn.account };
  // A user, a role path or a wildcard is none of the release stack's roles (whose names hold no '/' or '*').
  return { account: arn.account, role: arn.resource.replace(/^role\//, '') };
}

function releasePrincipal(
  text: string,
  role: string | undefined,
  condition: JsonObject,
  release: ReleasePrincipals,
): string | undefined {
  if (role !== undefined) return release.roleNames.has(role) ? undefined : notOwned(text, role, release);
  const narrowed = NARROWING_OPERATORS.flatMap((operator) =>
    Object.entries(asObject(condition[operator]) ?? {})
      .filter(([key]) => key.toLowerCase() === 'aws:principalarn')
      .flatMap(([, values]) => asList(values as JsonValue)),
  );
  if (narrowed.length === 0) {
    return (
      `'${text}', every principal of the release account ${release.account} (where a commit can create ` +
      "principals), with no aws:PrincipalArn condition: narrow it with ArnEquals aws:PrincipalArn to one of the release stack's roles"
    );
  }
  for (const value of narrowed) {
    const arn = textOf(value);
    const named = accountPrincipal(arn);
    if (named?.account !== release.account || named.role === undefined || !release.roleNames.has(named.role)) {
      return notOwned(`${text} where aws:PrincipalArn is ${arn}`, named?.role ?? arn, release);
    }
  }
  return undefined;
}

function notOwned(text: string, name: string, release: ReleasePrincipals): string {
  return (
    `'${text}': the release stack that runs Verify (account ${release.account}) owns no role '${name}'. If a newer ` +
    'tool version names it, the platform team deploys the release stack with that version first, then the candidate is handed off again'
  );
}

function onlyPutObject(statement: JsonObject): boolean {
  const actions = asList(statement.Action);
  return actions.length > 0 && actions.every((a) => a === 's3:PutObject');
}

function policyKind(resource: TemplateResource): string {
  if (resource.Type === 'AWS::IAM::Role') return 'trust policy';
  if (resource.Type === 'AWS::KMS::Key') return 'key policy';
  if (resource.Type === 'AWS::Lambda::Permission') return 'Lambda permission';
  return `${resource.Type} policy`;
}
