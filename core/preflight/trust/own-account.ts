/** How a template names the account it deploys to, whatever that account is. */
export const OWN_ACCOUNT_TOKEN = '${AWS::AccountId}';

/** Whether an account read from a template (literal or the pseudo parameter) is the stack's own, `stackAccount`. */
export function isOwnAccount(account: string, stackAccount: string | undefined): boolean {
  return account === OWN_ACCOUNT_TOKEN || account === stackAccount;
}
