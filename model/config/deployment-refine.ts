import type { z } from 'zod';

/**
 * The rule that ties an environment's `deployment` to the load balancers of the web services it deploys.
 *
 * CodeDeploy shifts ECS traffic behind a Network Load Balancer only all at once: with an NLB only
 * `CodeDeployDefault.ECSAllAtOnce` is supported, canary and linear configs need an Application Load Balancer
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html, "Considerations").
 */

/** What the refinement reads of a service: its name, and for a web service its load balancer. */
interface ServiceFields {
  readonly name: string;
  readonly kind: 'web' | 'worker';
  readonly loadBalancer?: unknown;
}

interface EnvironmentFields {
  readonly deployment: { readonly type: 'allAtOnce' | 'canary' | 'linear' };
}

/** The one sentence the plan and the validation give for it. */
export const NLB_ALL_AT_ONCE =
  'CodeDeploy shifts traffic behind an NLB only all at once (CodeDeployDefault.ECSAllAtOnce); canary and linear need an ALB';

/** Names of the web services behind an NLB (the single `service:` form is always behind an ALB). */
export function nlbServiceNames(services: readonly ServiceFields[]): string[] {
  return services.filter((s) => s.kind === 'web' && s.loadBalancer === 'nlb').map((s) => s.name);
}

/** Refuses canary or linear in an environment that deploys a web service behind an NLB, naming the field. */
export function refineNlbDeployment(
  services: readonly ServiceFields[],
  environments: readonly EnvironmentFields[],
  ctx: z.RefinementCtx,
): void {
  const onNlb = nlbServiceNames(services);
  if (onNlb.length === 0) return;
  environments.forEach((environment, e) => {
    const type = environment.deployment.type;
    if (type === 'allAtOnce') return;
    ctx.addIssue({
      code: 'custom',
      path: ['environments', e, 'deployment', 'type'],
      input: type,
      message:
        `is not allowed with ${onNlb.map((n) => `'${n}'`).join(', ')} behind an NLB: ${NLB_ALL_AT_ONCE}; ` +
        `set deployment: { type: allAtOnce } in this environment, or put the service behind an ALB (loadBalancer: alb)`,
    });
  });
}
