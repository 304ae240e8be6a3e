import { PROTECTED_ACCOUNTS_OUTPUT } from '../../../model/release-split';
import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asObject, type JsonValue } from '../json-value';
import { pipelinesOf } from '../pipelines';
import { allStatements, coversAction, S3_OBJECT_WRITES, type PolicyStatement } from '../policy';
import { errorAt, type Rule, type RuleFinding } from '../rule';
import { parseArn, textOf } from '../template-values';

/** The S3 actions that write or delete an object (what asset publishing and a suite upload do). */

/**
 * Nothing a commit defines may act in a protected account: every stack but the release pipeline's and the protected
 * environments' own (the delivery pipeline, the other environments) may neither assume a role of a protected
 * account, nor write a bucket named after one (CDK's `cdk-<qualifier>-assets-<account>-<region>`), nor run a
 * pipeline action as a role there.
 */
export const protectedAccountReach: Rule = {
  id: 'protected-account-reach',
  severity: 'error',
  title: 'Only the release pipeline acts in a protected account',
  awsBehaviour:
    'A role may assume any role whose trust policy admits its account (cdk bootstrap --trust admits every ' +
    'principal of the trusted account that is allowed sts:AssumeRole), so a role the delivery pipeline defines ' +
    "that names a protected account's role reaches it before the approval; only IAM policies in the templates stop it.",
  docUrl: 'https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html',
  check: (assembly) => {
    const { accounts, releaseStacks } = protectedAccounts(assembly);
    if (accounts.size === 0) return [];
    return assembly.stacks
      .filter((stack) => !releaseStacks.has(stack))
      .filter((stack) => !accounts.has(stack.environment.account ?? ''))
      .flatMap((stack) => [...statementFindings(stack, accounts), ...actionFindings(assembly, stack, accounts)]);
  },
};

/** The accounts the release stacks list, and those stacks. */
export function protectedAccounts(assembly: CloudAssembly): {
  accounts: Set<string>;
  releaseStacks: Set<AssemblyStack>;
} {
  const releaseStacks = new Set(assembly.stacks.filter((s) => s.template.Outputs[PROTECTED_ACCOUNTS_OUTPUT]));
  const accounts = [...releaseStacks].flatMap((stack) =>
    textOf(asObject(stack.template.Outputs[PROTECTED_ACCOUNTS_OUTPUT])?.Value as JsonValue)
      .split(',')
      .filter(Boolean),
  );
  return { accounts: new Set(accounts), releaseStacks };
}

function statementFindings(stack: AssemblyStack, accounts: Set<string>): RuleFinding[] {
  return allStatements(stack)
    .filter((statement) => statement.effect === 'Allow')
    .flatMap((statement) =>
      statement.resources.flatMap((resource) => {
        const reach = reachOf(statement, textOf(resource), accounts);
        return reach
          ? [
              errorAt(
                statement.source,
                `${reach}: only the release pipeline's stack may act in a protected account (approval: true); ` +
                  'deploy that environment through the release pipeline, not from a stage of the delivery pipeline',
              ),
            ]
          : [];
      }),
    );
}

/** What the statement lets its holder do in a protected account through `resource`, or undefined. */
export function reachOf(statement: PolicyStatement, resource: string, accounts: Set<string>): string | undefined {
  const assumes = coversAction(statement, 'sts:AssumeRole');
  // A statement that excludes every protected account by aws:ResourceAccount grants nothing there, whatever its resource.
  const excluded = new Set(statement.excludedAccounts ?? []);
  const reachable = [...accounts].filter((account) => !excluded.has(account));
  if (resource === '*' && assumes && reachable.length > 0)
    return 'sts:AssumeRole on every role of every account, protected ones included';
  const arn = parseArn(resource);
  if (!arn) return undefined;
  const roleAccounts = arn.account === '*' ? reachable : reachable.filter((account) => account === arn.account);
  if (arn.service === 'iam' && assumes && roleAccounts.length > 0) return `sts:AssumeRole on ${resource}`;
  const bucketAccount = reachable.find((account) => arn.resource.includes(account));
  if (arn.service === 's3' && bucketAccount && S3_OBJECT_WRITES.some((action) => coversAction(statement, action)))
    return `writes to ${resource}, a bucket of protected account ${bucketAccount}`;
  return undefined;
}

function actionFindings(assembly: CloudAssembly, stack: AssemblyStack, accounts: Set<string>): RuleFinding[] {
  return pipelinesOf(assembly)
    .filter((pipeline) => pipeline.stack === stack)
    .flatMap((pipeline) =>
      pipeline.stages.flatMap((stage) =>
        stage.actions.flatMap((action): RuleFinding[] => {
          const account = parseArn(textOf(action.roleArn))?.account;
          if (account === undefined || !accounts.has(account)) return [];
          return [
            {
              severity: 'error',
              stack,
              logicalId: pipeline.logicalId,
              resource: pipeline.resource,
              message:
                `action ${stage.name}/${action.name} runs as a role of protected account ${account}: only the ` +
                'release pipeline deploys a protected environment (approval: true)',
            },
          ];
        }),
      ),
    );
}
