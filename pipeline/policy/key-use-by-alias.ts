/** An IAM policy document as CloudFormation reads it (after CDK resolved it). */
export interface PolicyDocumentJson {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatementJson[];
}

/** One statement of a {@link PolicyDocumentJson}. */
export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/**
 * Narrows every statement that allows KMS key use on any key (`Resource: '*'`) to the keys `aliases` name among
 * `keys` (key ARN patterns, e.g. every key of one account and region), with the `kms:ResourceAliases` condition AWS
 * documents for key operations (https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html, whose
 * example pairs it with such a pattern: an alias name alone would admit a key of any region given that alias). The
 * statement's other resources keep it without the condition: CDK merges a grant on a key of this stack into it.
 *
 * aws-kms renders a grant on a key of another region as `'*'`, since a template cannot name a key of another region's
 * stack; its alias name, generated when the app synthesizes, is a plain string both stacks know. Every such statement
 * is narrowed: a key grant of another kind rendered as `'*'` (aws-kms does so across accounts) would be too.
 */
export function narrowKeyUseToAliases(
  document: PolicyDocumentJson,
  aliases: readonly string[],
  keys: readonly unknown[],
): PolicyDocumentJson {
  if (aliases.length === 0) return document;
  return {
    ...document,
    Statement: document.Statement.flatMap((statement) => {
      const resources = [statement.Resource].flat();
      if (!allowsKeyUse(statement) || !resources.includes('*')) return [statement];
      const others = resources.filter((resource) => resource !== '*');
      const narrowed: PolicyStatementJson = {
        ...statement,
        Resource: keys.length === 1 ? keys[0] : [...keys],
        Condition: {
          ...statement.Condition,
          'ForAnyValue:StringEquals': {
            ...statement.Condition?.['ForAnyValue:StringEquals'],
            'kms:ResourceAliases': [...aliases],
          },
        },
      };
      if (others.length === 0) return [narrowed];
      return [{ ...statement, Resource: others.length === 1 ? others[0] : others }, narrowed];
    }),
  };
}

/** An Allow whose every action is a KMS action (the statement a key grant makes). */
function allowsKeyUse(statement: PolicyStatementJson): boolean {
  const actions = [statement.Action ?? []].flat();
  return statement.Effect === 'Allow' && actions.length > 0 && actions.every((action) => action.startsWith('kms:'));
}
