import { HANDOFF_KEY } from '../../../model/naming';
import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asList, asObject, type JsonValue } from '../json-value';
import { pipelinesOf } from '../pipelines';
import { allStatements, coversAction, S3_OBJECT_WRITES, type PolicyStatement } from '../policy';
import { errorAt, type Rule, type RuleFinding } from '../rule';
import { parseArn, resourcesOfType, textOf } from '../template-values';
import { protectedAccounts } from './protected-account-reach';

/** The S3 actions that write or delete an object. */
/** Services whose resources in the release account start or steer a release: its builds and its pipeline. */
const RELEASE_SERVICES = new Set(['codebuild', 'codepipeline']);

/**
 * With a release account of its own (`pipeline.releaseAccount`), that account is the only one the protected accounts
 * trust, so it must stay out of reach of everything a commit defines: no stack outside it may assume a role there,
 * write a bucket there or call its builds and pipeline, except the hand-off step's PutObject of the hand-off key; and
 * no role of a protected account may trust an account where a commit's stacks deploy (the tools account, an
 * unprotected environment's), only the release account. Without a release account (the release stack beside the
 * delivery stack) there is nothing to check here: protected-account-reach covers that layout.
 */
export const releaseAccountReach: Rule = {
  id: 'release-account-reach',
  severity: 'error',
  title: 'Only the release account reaches the protected accounts, and nothing a commit defines reaches it',
  awsBehaviour:
    'CodeBuild has no resource-based policy for StartBuild, so whoever may call StartBuild in the account of a ' +
    "release project may start it with overrides; and a role's trust policy admits every principal of a trusted " +
    'account that is allowed sts:AssumeRole. The release account is a boundary only if no other account reaches ' +
    'into it and the protected accounts trust no account a commit can create roles in.',
  docUrl:
    'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html',
  check: (assembly) => {
    const { accounts: protectedSet, releaseStacks } = protectedAccounts(assembly);
    const releaseAccount = ownReleaseAccount(assembly, releaseStacks);
    if (releaseAccount === undefined) return [];
    const outside = assembly.stacks.filter((stack) => stack.environment.account !== releaseAccount);
    const commitAccounts = new Set(
      outside.map((stack) => stack.environment.account ?? '').filter((a) => a !== '' && !protectedSet.has(a)),
    );
    return [
      ...outside.flatMap((stack) => reachFindings(stack, releaseAccount)),
      ...outside
        .filter((stack) => protectedSet.has(stack.environment.account ?? ''))
        .flatMap((stack) => trustFindings(stack, releaseAccount, commitAccounts)),
    ];
  },
};

/**
 * The release stacks' account when it is one of its own: no pipeline of another stack (the delivery pipeline) runs
 * in it. The release pipeline's cross-region support stacks are in it too, and count as its own.
 */
export function ownReleaseAccount(assembly: CloudAssembly, releaseStacks: Set<AssemblyStack>): string | undefined {
  const accounts = new Set([...releaseStacks].map((stack) => stack.environment.account ?? ''));
  if (accounts.size !== 1) return undefined;
  const [account] = [...accounts];
  const shared = pipelinesOf(assembly).some(
    (pipeline) => !releaseStacks.has(pipeline.stack) && pipeline.stack.environment.account === account,
  );
  return account === '' || shared ? undefined : account;
}

function reachFindings(stack: AssemblyStack, releaseAccount: string): RuleFinding[] {
  return allStatements(stack)
    .filter((statement) => statement.effect === 'Allow')
    .flatMap((statement) =>
      statement.resources.flatMap((resource): RuleFinding[] => {
        const reach = releaseReachOf(statement, textOf(resource), releaseAccount);
        if (reach === undefined) return [];
        return [
          errorAt(
            statement.source,
            `${reach}: only the release stack acts in the release account ${releaseAccount} (the hand-off step ` +
              `may only put ${HANDOFF_KEY}); remove the permission, or run that step in the release pipeline`,
          ),
        ];
      }),
    );
}

/** What the statement lets its holder do in the release account through `resource`, or undefined. */
export function releaseReachOf(
  statement: PolicyStatement,
  resource: string,
  releaseAccount: string,
): string | undefined {
  const arn = parseArn(resource);
  if (!arn) return undefined;
  if (arn.service === 'iam' && arn.account === releaseAccount && coversAction(statement, 'sts:AssumeRole'))
    return `sts:AssumeRole on ${resource}, a role of the release account`;
  if (RELEASE_SERVICES.has(arn.service) && arn.account === releaseAccount)
    return `${statement.actions.join(', ')} on ${resource}, the release pipeline's ${arn.service}`;
  if (arn.service !== 's3' || !arn.resource.includes(releaseAccount)) return undefined;
  const writes = S3_OBJECT_WRITES.filter((action) => coversAction(statement, action));
  if (writes.length === 0) return undefined;
  const handoffPut = writes.length === 1 && writes[0] === 's3:PutObject' && arn.resource.endsWith(`/${HANDOFF_KEY}`);
  return handoffPut ? undefined : `${writes.join(', ')} on ${resource}, a bucket of the release account`;
}

/** Roles of a protected account that trust an account where a commit's stacks deploy. */
function trustFindings(stack: AssemblyStack, releaseAccount: string, commitAccounts: Set<string>): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::IAM::Role').flatMap((role): RuleFinding[] => {
    const trusted = trustedAccounts(role.resource.Properties.AssumeRolePolicyDocument);
    return [...trusted]
      .filter((account) => commitAccounts.has(account))
      .map((account) => ({
        severity: 'error',
        stack,
        logicalId: role.logicalId,
        resource: role.resource,
        message:
          `trusts account ${account}, where the pipeline deploys what a commit defines: a role of protected account ` +
          `${stack.environment.account} may trust only the release account ${releaseAccount}`,
      }));
  });
}

/** The 12-digit accounts an Allow statement of a trust policy names as AWS principals (ids, roots, role ARNs). */
export function trustedAccounts(document: JsonValue | undefined): Set<string> {
  const accounts = asList(asObject(document)?.Statement)
    .map(asObject)
    .filter((statement) => statement !== undefined && statement.Effect !== 'Deny')
    .flatMap((statement) => asList(asObject(statement?.Principal)?.AWS))
    .map((principal) => /(?:^|:)(\d{12})(?::|$)/.exec(textOf(principal))?.[1])
    .filter((account): account is string => account !== undefined);
  return new Set(accounts);
}
