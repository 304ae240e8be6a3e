import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';

/*
 * Acknowledgements name the plugin (`<plugin name>::<rule>`), so CDK itself matches them against each
 * plugin's findings: an acknowledged finding is listed with its reason under `suppressedViolations` in
 * cdk.out/validation-report.json, and what is left decides the plugin's verdict.
 */
const NAG_NAMESPACE = 'AwsSolutions';
const GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/**
 * Accepts one cdk-nag AwsSolutions finding (e.g. `AwsSolutions-EC23`) for `scope` and the constructs
 * below it. For IAM5 use {@link acknowledgeWildcards}, which names each accepted wildcard.
 */
export function acknowledgeNagRule(scope: IConstruct, rule: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${NAG_NAMESPACE}::${rule}`, reason });
}

/**
 * Accepts one Control Tower guard rule, by the rule name cfn-guard reports
 * (e.g. `codebuild_project_environment_privileged_check`), for `scope` and the constructs below it.
 */
export function acknowledgeGuardRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${GUARD_NAMESPACE}::${rule}`, reason });
}

/** One wildcard an IAM policy may keep: a wildcard action, or a resource (a token is rendered as cdk-nag renders it). */
export type AcceptedWildcard = { readonly action: string } | { readonly resource: string };

/**
 * Accepts cdk-nag IAM5 findings on `scope` (a role or the construct holding its policy), one per
 * named wildcard, so a wildcard not listed here still fails the synth.
 */
export function acknowledgeWildcards(scope: IConstruct, reason: string, wildcards: readonly AcceptedWildcard[]): void {
  for (const wildcard of wildcards) {
    acknowledgeNagRule(scope, `AwsSolutions-IAM5[${wildcardFinding(scope, wildcard)}]`, reason);
  }
}

/** The finding text cdk-nag's IAM5 reports for a wildcard, e.g. `Resource::<BucketA1B2.Arn>/*`. */
export function wildcardFinding(scope: IConstruct, wildcard: AcceptedWildcard): string {
  if ('action' in wildcard) return `Action::${wildcard.action}`;
  return `Resource::${flattenCfnReference(Stack.of(scope).resolve(wildcard.resource))}`;
}
