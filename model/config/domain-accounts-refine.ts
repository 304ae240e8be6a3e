import type { z } from 'zod';
import { zoneAccountOf, type DomainConfig } from './domain-schema';

/** What the check needs of a configuration; structural so this file does not import schema.ts. */
interface DomainAccountsShape {
  readonly environments: readonly { readonly name: string; readonly account: string; readonly domain?: DomainConfig }[];
}

/**
 * Route 53 lets only the zone's own account write into a hosted zone, while each environment's stacks run in the
 * environment's account: a zone of another account needs a delegated subdomain (`domain.delegation`). Refuses an
 * environment that would write into another account's zone, and one zone id claimed by two accounts (which is what
 * two environments in two accounts sharing a zone without saying whose it is amount to).
 */
export function refineDomainAccounts(config: DomainAccountsShape, ctx: z.core.$RefinementCtx): void {
  const owners = new Map<string, { environment: string; account: string }>();
  config.environments.forEach((environment, e) => {
    const domain = environment.domain;
    if (!domain) return;
    const path = ['environments', e, 'domain'];
    const zoneAccount = zoneAccountOf(domain, environment.account);
    const owner = owners.get(domain.hostedZoneId);
    if (owner && owner.account !== zoneAccount) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, domain.zoneAccount !== undefined ? 'zoneAccount' : 'hostedZoneId'],
        input: domain.zoneAccount ?? domain.hostedZoneId,
        message:
          `makes ${domain.hostedZoneId} a zone of account ${zoneAccount}, but environment ${owner.environment} has it in ` +
          `account ${owner.account}: a hosted zone lives in one account; set domain.zoneAccount to that account in ` +
          'both, and domain.delegation in the environments of other accounts',
      });
      return;
    }
    if (!owner) owners.set(domain.hostedZoneId, { environment: environment.name, account: zoneAccount });
    if (zoneAccount !== environment.account && !domain.delegation) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'zoneAccount'],
        input: domain.zoneAccount,
        message:
          `is not this environment's account ${environment.account}, whose stacks cannot write records (alias, ` +
          "certificate validation) into another account's zone: add domain.delegation (a subdomain zone in " +
          `${environment.account} whose NS record a role of ${zoneAccount} writes), or use a zone of ${environment.account}`,
      });
    }
  });
}
