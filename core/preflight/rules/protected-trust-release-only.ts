import type { Rule, RuleFinding } from '../rule';
import { judgeTrust, releaseStackPrincipals } from '../trust';
import { protectedAccounts } from './protected-account-reach';

/**
 * A protected environment's stacks may grant only to AWS services, their own account and the release stack's own
 * fixed-name roles (README, "Protected environments: the release pipeline"). The release pipeline's Verify step runs
 * the same judgement on the candidate with `bluegreen handoff verify --release-account … --release-role …`.
 */
export const protectedTrustReleaseOnly: Rule = {
  id: 'protected-trust-release-only',
  severity: 'error',
  title: "A protected environment trusts only AWS services, its own account and the release stack's roles",
  awsBehaviour:
    'A trust policy or resource policy that admits another account, or the tools account without an aws:PrincipalArn ' +
    'condition, lets a principal there act in the protected account; a commit can create such a principal in the ' +
    'tools account, and one approval of the commit deploys the grant.',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  check: (assembly) => {
    const { accounts, releaseStacks } = protectedAccounts(assembly);
    return [...releaseStacks].flatMap((releaseStack): RuleFinding[] => {
      const release = releaseStackPrincipals(releaseStack);
      if (release === undefined) {
        return [
          {
            severity: 'error',
            stack: releaseStack,
            message:
              "the release stack's account is not known at synth time, so no protected environment's trust can be " +
              'judged: give pipeline.account a literal account id',
          },
        ];
      }
      return assembly.stacks
        .filter((stack) => !releaseStacks.has(stack) && accounts.has(stack.environment.account ?? ''))
        .flatMap((stack) => judgeTrust(stack, release));
    });
  },
};
