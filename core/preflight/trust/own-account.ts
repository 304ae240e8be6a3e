import type { AssemblyStack } from '../assembly-model';

/** How a template names the account it deploys to, whatever that account is. */
export const OWN_ACCOUNT_TOKEN = '${AWS::AccountId}';

/** Whether an account read from a template (literal or the pseudo parameter) is the stack's own, `stackAccount`. */
export function isOwnAccount(account: string, stackAccount: string | undefined): boolean {
  return account === OWN_ACCOUNT_TOKEN || account === stackAccount;
}

/**
 * The logical id when `text` starts with a token for an attribute of a resource (`${Logical}`, `${Logical.Arn}`),
 * and that resource is one of `stack`'s own (so in its account); undefined otherwise, a token for a parameter or a
 * name the template does not hold included.
 */
export function ownResourceToken(text: string, stack: AssemblyStack): string | undefined {
  const logicalId = /^\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/.exec(text)?.[1];
  return logicalId !== undefined && stack.template.Resources[logicalId] !== undefined ? logicalId : undefined;
}
