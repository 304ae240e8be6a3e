import type { z } from 'zod';

/**
 * A `pipeline:` field only the release pipeline uses (`releaseAccount`, `releaseConnectionArn`): required once an
 * environment has approval: true (`required` says why, for that environment, and what to set), refused without one.
 * Returns how to refuse the value for a further reason when there is a value to judge, undefined otherwise.
 */
export function releaseField(
  field: string,
  value: string | undefined,
  environments: readonly { readonly name: string; readonly approval: boolean }[],
  ctx: z.core.$RefinementCtx,
  required: (environment: string) => string,
): ((message: string) => void) | undefined {
  const path = ['pipeline', field];
  const protectedEnvironment = environments.find((environment) => environment.approval);
  if (value === undefined) {
    if (protectedEnvironment) {
      ctx.addIssue({ code: 'custom', path, input: undefined, message: required(protectedEnvironment.name) });
    }
    return undefined;
  }
  const refuse = (message: string) => ctx.addIssue({ code: 'custom', path, input: value, message });
  if (!protectedEnvironment) {
    refuse(
      'is only used by the release pipeline of the protected environments, and no environment has approval: true; ' +
        `set approval: true on the environments to protect, or remove pipeline.${field}`,
    );
    return undefined;
  }
  return refuse;
}
