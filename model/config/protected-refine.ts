import type { z } from 'zod';

interface EnvironmentInput {
  readonly name: string;
  readonly account: string;
  readonly approval: boolean;
}

/**
 * The release pipeline deploys the protected environments (`approval: true`) after the delivery pipeline deployed
 * every other one, and nothing the delivery pipeline defines may act in a protected account. So an environment
 * without approval may neither follow a protected one nor share its account.
 */
export function refineProtectedEnvironments(environments: readonly EnvironmentInput[], ctx: z.RefinementCtx): void {
  const firstProtected = environments.findIndex((environment) => environment.approval);
  if (firstProtected < 0) return;
  const protectedBy = new Map(environments.filter((e) => e.approval).map((e) => [e.account, e.name]));
  environments.forEach((environment, index) => {
    if (environment.approval) return;
    if (index > firstProtected) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', index, 'approval'],
        input: environment.approval,
        message:
          `must be true on '${environment.name}', which follows the protected environment ` +
          `'${environments[firstProtected].name}': the release pipeline deploys protected environments after every ` +
          `other, so move '${environment.name}' before it or set approval: true`,
      });
    }
    const owner = protectedBy.get(environment.account);
    if (owner !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', index, 'account'],
        input: environment.account,
        message:
          `is the account of the protected environment '${owner}': the delivery pipeline ` +
          `deploys '${environment.name}' and may not act in a protected account; use another account or set approval: true`,
      });
    }
  });
}
