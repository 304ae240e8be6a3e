import { UNCONDITIONED_SERVICE_GRANTS } from '../../../model/confused-deputy-services';
import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asObject, type JsonObject } from '../json-value';
import { parseArn, textOf } from '../template-values';
import { NARROWING_OPERATORS } from './condition-operators';
import { isOwnAccount, ownResourceToken } from './own-account';

/** CloudWatch Logs names the log group it encrypts for in the key's encryption context, not a source key. */
const LOGS_CONTEXT_KEY = 'kms:encryptioncontext:aws:logs:arn';

/**
 * Why a resource-policy statement that admits an AWS service (`service`) lets that service act for other accounts,
 * or undefined when it does not. A service principal in a bucket, topic, key or queue policy acts for whoever points
 * the service at the resource (a CloudFront distribution, a log delivery, a notification rule in any account) unless a
 * condition names the source: `aws:SourceAccount` with this account, or `aws:SourceArn` with a resource of this
 * account (IAM, "The confused deputy problem"). A role's trust policy is judged by the rule for service roles.
 */
export function serviceGrantWithoutSource(
  service: string,
  statement: JsonObject,
  resource: TemplateResource,
  stack: AssemblyStack,
): string | undefined {
  if (isDocumentedWithoutSource(service, statement, resource)) return undefined;
  const values = sourceValues(statement);
  const own = (account: string) => isOwnAccount(account, stack.environment.account);
  const foreign = [...values.accounts.filter((a) => !own(a)), ...values.arns.filter((arn) => !ownArn(arn, stack))];
  if (foreign.length > 0) {
    return `names source ${foreign.map((f) => `'${f}'`).join(', ')}, not this account: a source must be this account or one of its resources`;
  }
  const bound =
    values.accounts.length > 0 ||
    (values.arns.length > 0 && values.arns.every((arn) => parseArn(arn)?.account !== '')) ||
    values.logGroups.some((arn) => own(parseArn(arn)?.account ?? ''));
  if (bound) return undefined;
  return (
    `admits service principal '${service}' with no aws:SourceAccount or aws:SourceArn condition, so that service ` +
    'acts here for any account that points it at this resource (the confused deputy): add aws:SourceAccount with this account'
  );
}

/** A token for a resource of this template (`${Logical.Arn}`), or an ARN of this account, is this account's. */
function ownArn(arn: string, stack: AssemblyStack): boolean {
  if (arn.startsWith('${')) return ownResourceToken(arn, stack) !== undefined;
  const parsed = parseArn(arn);
  // An S3 ARN names no account: it narrows nothing by account, and needs aws:SourceAccount beside it.
  return parsed !== undefined && (parsed.account === '' || isOwnAccount(parsed.account, stack.environment.account));
}

/** The values of the source keys under exact operators (`…IfExists` and negations admit what they do not name). */
function sourceValues(statement: JsonObject): { accounts: string[]; arns: string[]; logGroups: string[] } {
  const condition = asObject(statement.Condition) ?? {};
  const result = { accounts: [] as string[], arns: [] as string[], logGroups: [] as string[] };
  for (const operator of NARROWING_OPERATORS) {
    for (const [key, value] of Object.entries(asObject(condition[operator]) ?? {})) {
      const texts = asList(value).map(textOf);
      const lower = key.toLowerCase();
      if (lower === 'aws:sourceaccount') result.accounts.push(...texts);
      else if (lower === 'aws:sourcearn') result.arns.push(...texts);
      else if (lower === LOGS_CONTEXT_KEY) result.logGroups.push(...texts);
    }
  }
  return result;
}

function isDocumentedWithoutSource(service: string, statement: JsonObject, resource: TemplateResource): boolean {
  const actions = asList(statement.Action);
  return UNCONDITIONED_SERVICE_GRANTS.some(
    (grant) =>
      grant.service === service &&
      grant.resourceType === resource.Type &&
      actions.length > 0 &&
      actions.every((action) => grant.actions.includes(textOf(action))),
  );
}
