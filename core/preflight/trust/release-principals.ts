/**
 * The principals of the release pipeline that a protected environment may trust: the release stack's account (the
 * pipeline account, or a release account of its own) and the fixed role names that stack creates. Verify takes them
 * from the release stack's own project variables, never from the candidate, so a candidate cannot widen them; `npm
 * start` reads them from the release stack of the same assembly.
 */
export interface ReleasePrincipals {
  readonly account: string;
  /** The role names the release stack owns (`<app>-<env>-render-<region>`, `<app>-release-role-<region>`, …). */
  readonly roleNames: ReadonlySet<string>;
  /**
   * The accounts besides its own whose secrets a protected task may read: those the reviewed configuration shares
   * (`SECRET_ACCOUNTS` of the release stack's Verify project).
   */
  readonly secretAccounts: ReadonlySet<string>;
}
